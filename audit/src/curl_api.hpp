// audit/src/curl_api.hpp — (internal) libcurl, loaded with dlopen the first
// time it is needed, not linked: linking it makes the dynamic loader map and
// relocate libcurl and its ~30 dependencies (TLS, Kerberos, LDAP, ...) at
// every start of every corsproof command, about 20 ms of CPU, which
// `corsproof eval` paid per process. run_probes (http_probe.cpp) and the
// keep-alive client of fuzz and replay (http_client.cpp) share this table.
#pragma once

#include <curl/curl.h>

#include <string>

namespace corsproof::audit::detail {

// The libcurl functions corsproof uses, from the libcurl4 package (soname
// libcurl.so.4, the one <curl/curl.h> describes).
struct curl_api {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_easy_reset) easy_reset = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  decltype(&::curl_url) url = nullptr;
  decltype(&::curl_url_set) url_set = nullptr;
  decltype(&::curl_url_get) url_get = nullptr;
  decltype(&::curl_url_cleanup) url_cleanup = nullptr;
  decltype(&::curl_free) free = nullptr;
  decltype(&::curl_multi_init) multi_init = nullptr;
  decltype(&::curl_multi_setopt) multi_setopt = nullptr;
  decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
  decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
  decltype(&::curl_multi_perform) multi_perform = nullptr;
  decltype(&::curl_multi_poll) multi_poll = nullptr;
  decltype(&::curl_multi_info_read) multi_info_read = nullptr;
  decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
  std::string error;  // why libcurl could not be loaded; "" when it was
};

// libcurl, loaded and initialized (curl_global_init) once; thread-safe.
const curl_api& curl();

}  // namespace corsproof::audit::detail
