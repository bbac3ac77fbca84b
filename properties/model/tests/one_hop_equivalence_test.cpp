// Protocol v1.1: "Every v1 case keeps its v1 answer" — and a one-hop chain
// must answer as the v1 model answers the same exchange. Every browser-mode
// vector of corpus/conformance/browser/*.jsonl is run through both
// browser_answer() (v1) and chain_answer() with one hop, and the v1 fields
// are compared. Where v1 judges a partial exchange (no `response`, or a
// needed `preflight_response` missing: v1 bad-case), the chain answers
// `incomplete` and names what it needs.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "corsproof_model/model.hpp"

namespace {

namespace json = boost::json;
using namespace corsproof_model;

std::vector<Header> read_headers(const json::value& value) {
  std::vector<Header> headers;
  for (const json::value& pair : value.as_array()) {
    headers.push_back(Header{std::string(pair.as_array().at(0).as_string()),
                             std::string(pair.as_array().at(1).as_string())});
  }
  return headers;
}

std::optional<Response> read_response(const json::object& object, const char* key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  Response response;
  response.status = static_cast<int>(value->as_object().at("status").to_number<long long>());
  if (const json::value* headers = value->as_object().if_contains("headers")) response.headers = read_headers(*headers);
  return response;
}

struct Vector {
  std::string id;
  BrowserExchange exchange;
};

std::vector<Vector> browser_vectors() {
  std::vector<Vector> vectors;
  const std::filesystem::path directory = std::filesystem::path(CORSPROOF_CORPUS_DIR) / "conformance" / "browser";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const std::filesystem::path& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const json::object object = json::parse(line).as_object();
      if (object.at("mode").as_string() != "browser") continue;
      Vector vector;
      vector.id = std::string(object.at("id").as_string());
      const json::object& request = object.at("request").as_object();
      BrowserRequest& r = vector.exchange.request;
      r.origin = std::string(request.at("origin").as_string());
      r.url = std::string(request.at("url").as_string());
      r.method = std::string(request.at("method").as_string());
      if (const json::value* headers = request.if_contains("headers")) r.headers = read_headers(*headers);
      if (const json::value* credentials = request.if_contains("credentials")) {
        r.credentials = std::string(credentials->as_string());
      }
      if (const json::value* private_network = request.if_contains("private_network")) {
        r.private_network = private_network->as_bool();
      }
      vector.exchange.preflight_response = read_response(object, "preflight_response");
      vector.exchange.response = read_response(object, "response");
      vectors.push_back(vector);
    }
  }
  return vectors;
}

ChainCase one_hop(const BrowserExchange& exchange) {
  ChainCase chain;
  chain.request = exchange.request;
  chain.hops.push_back(Hop{std::nullopt, exchange.preflight_response, exchange.response});
  return chain;
}

void expect_same_preflight(const std::optional<PreflightAnswer>& v1, const std::optional<PreflightAnswer>& chain) {
  ASSERT_EQ(v1.has_value(), chain.has_value());
  if (!v1) return;
  EXPECT_EQ(v1->method, chain->method);
  EXPECT_EQ(v1->request_headers, chain->request_headers);
  EXPECT_EQ(v1->ok, chain->ok);
  EXPECT_EQ(v1->error, chain->error);
  EXPECT_EQ(v1->max_age, chain->max_age);
  EXPECT_EQ(v1->private_network, chain->private_network);
}

TEST(OneHopChain, AnswersAsTheV1ModelOnEveryCorpusBrowserVector) {
  const std::vector<Vector> vectors = browser_vectors();
  // The corpus has 1212 browser vectors today; a broken reader must not pass
  // vacuously.
  ASSERT_GE(vectors.size(), 1000u);
  std::size_t compared = 0, partial = 0;
  for (const Vector& vector : vectors) {
    SCOPED_TRACE(vector.id);
    const BrowserAnswer v1 = browser_answer(vector.exchange);
    const ChainAnswer chain = chain_answer(one_hop(vector.exchange));
    if (v1.outcome == "bad-case" && v1.detail.find("preflight_response") != std::string::npos) {
      // v1: a needed preflight without preflight_response; the chain asks for it.
      ++partial;
      EXPECT_EQ(chain.outcome, "incomplete");
      ASSERT_TRUE(chain.needs.has_value());
      EXPECT_EQ(chain.needs->what, "preflight_response");
      EXPECT_EQ(chain.needs->hop, 0u);
      continue;
    }
    if (!vector.exchange.response && v1.outcome == "allowed") {
      // v1 "No response": only the preflight stage is judged; the chain needs the response.
      ++partial;
      EXPECT_EQ(chain.outcome, "incomplete");
      ASSERT_TRUE(chain.needs.has_value());
      EXPECT_EQ(chain.needs->what, "response");
      EXPECT_EQ(chain.needs_preflight, v1.needs_preflight);
      expect_same_preflight(v1.preflight, chain.preflight);
      continue;
    }
    ++compared;
    EXPECT_EQ(chain.outcome, v1.outcome) << v1.detail << " / " << chain.detail;
    EXPECT_EQ(chain.needs_preflight, v1.needs_preflight);
    expect_same_preflight(v1.preflight, chain.preflight);
    ASSERT_EQ(chain.cors_check.has_value(), v1.cors_check.has_value());
    if (v1.cors_check) {
      EXPECT_EQ(chain.cors_check->ok, v1.cors_check->ok);
      EXPECT_EQ(chain.cors_check->error, v1.cors_check->error);
    }
    EXPECT_EQ(chain.exposed_headers, v1.exposed_headers);
    if (v1.outcome == "allowed" || v1.outcome == "blocked-preflight" || v1.outcome == "blocked-response") {
      EXPECT_EQ(chain.hops.size(), 1u);
    }
  }
  // Print the split so a change in the corpus shows in the test log.
  std::printf("one-hop equivalence: %zu vectors compared field by field, %zu partial v1 exchanges\n", compared,
              partial);
  EXPECT_GT(compared, 900u);
}

}  // namespace
