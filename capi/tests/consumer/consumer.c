/* A program outside the corsproof tree that uses the installed C API. */
#include <corsproof.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  const char* policy_json = "{\"allow_origins\":[\"https://app.example\"],\"allow_methods\":[\"PUT\"]}";
  char error[256];
  corsproof_policy* p = corsproof_policy_compile(policy_json, strlen(policy_json), error, sizeof error);
  if (p == NULL) {
    fprintf(stderr, "compile failed: %s\n", error);
    return 1;
  }
  corsproof_header h[2] = {{"Origin", 6, "https://app.example", 19}, {"Access-Control-Request-Method", 29, "PUT", 3}};
  char buffer[CORSPROOF_SERVER_OUTPUT_CAPACITY];
  corsproof_server_result r;
  corsproof_status s = corsproof_evaluate_server(p, "OPTIONS", 7, h, 2, buffer, sizeof buffer, &r);
  corsproof_policy_free(p);
  if (s != CORSPROOF_OK || !r.allowed || strcmp(r.kind_name, "preflight") != 0) {
    fprintf(stderr, "unexpected answer\n");
    return 1;
  }
  printf("consumer: %s %s allowed=%d\n", r.kind_name, r.reason, r.allowed);
  return 0;
}
