// audit/src/curl_api.cpp — see curl_api.hpp.
#include "curl_api.hpp"

#include <dlfcn.h>

namespace corsproof::audit::detail {

namespace {

template <class F>
void find(void* lib, const char* name, F& f, std::string& error) {
  f = reinterpret_cast<F>(dlsym(lib, name));
  if (f == nullptr && error.empty()) error = std::string("libcurl.so.4 has no ") + name;
}

}  // namespace

const curl_api& curl() {
  static const curl_api api = [] {
    curl_api a;
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      const char* why = dlerror();
      a.error = std::string("cannot load libcurl (libcurl.so.4, Debian package libcurl4): ") +
                (why != nullptr ? why : "dlopen failed");
      return a;
    }
    find(lib, "curl_global_init", a.global_init, a.error);
    find(lib, "curl_easy_init", a.easy_init, a.error);
    find(lib, "curl_easy_setopt", a.easy_setopt, a.error);
    find(lib, "curl_easy_perform", a.easy_perform, a.error);
    find(lib, "curl_easy_getinfo", a.easy_getinfo, a.error);
    find(lib, "curl_easy_strerror", a.easy_strerror, a.error);
    find(lib, "curl_easy_reset", a.easy_reset, a.error);
    find(lib, "curl_easy_cleanup", a.easy_cleanup, a.error);
    find(lib, "curl_slist_append", a.slist_append, a.error);
    find(lib, "curl_slist_free_all", a.slist_free_all, a.error);
    find(lib, "curl_url", a.url, a.error);
    find(lib, "curl_url_set", a.url_set, a.error);
    find(lib, "curl_url_get", a.url_get, a.error);
    find(lib, "curl_url_cleanup", a.url_cleanup, a.error);
    find(lib, "curl_free", a.free, a.error);
    find(lib, "curl_multi_init", a.multi_init, a.error);
    find(lib, "curl_multi_setopt", a.multi_setopt, a.error);
    find(lib, "curl_multi_add_handle", a.multi_add_handle, a.error);
    find(lib, "curl_multi_remove_handle", a.multi_remove_handle, a.error);
    find(lib, "curl_multi_perform", a.multi_perform, a.error);
    find(lib, "curl_multi_poll", a.multi_poll, a.error);
    find(lib, "curl_multi_info_read", a.multi_info_read, a.error);
    find(lib, "curl_multi_cleanup", a.multi_cleanup, a.error);
    if (a.error.empty()) a.global_init(CURL_GLOBAL_DEFAULT);
    return a;  // the library stays loaded until the process ends
  }();
  return api;
}

}  // namespace corsproof::audit::detail
