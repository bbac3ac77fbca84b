// corsproof/corsproof.hpp — the whole public API of the core.
#pragma once

#include "corsproof/browser.hpp"
#include "corsproof/header_list_values.hpp"
#include "corsproof/http.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/loopback_host.hpp"
#include "corsproof/method.hpp"
#include "corsproof/on_demand_library.hpp"
#include "corsproof/origin.hpp"
#include "corsproof/origin_pattern.hpp"
#include "corsproof/policy.hpp"
#include "corsproof/preflight_cache.hpp"
#include "corsproof/redirect.hpp"
#include "corsproof/server.hpp"
#include "corsproof/url.hpp"
