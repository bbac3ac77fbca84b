// The preflight of BM_ServerPreflight_Exact/16 (bench/bench_server.cpp)
// through github.com/rs/cors: the same 16 exact origins, methods, headers,
// credentials and max-age, the request's origin the ninth (app8). Prints one
// JSON object: nanoseconds and allocations per preflight (testing.Benchmark,
// which runs the loop for at least -benchtime).
//
// The response writer is reused (its header map emptied each time), so that
// the figure is the library's work, not httptest.NewRecorder's: corsproof
// likewise writes into a buffer the caller owns.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rs/cors"
)

type reusedWriter struct {
	header http.Header
	status int
}

func (w *reusedWriter) Header() http.Header         { return w.header }
func (w *reusedWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *reusedWriter) WriteHeader(status int)      { w.status = status }

func main() {
	benchtime := flag.Duration("benchtime", time.Second, "minimum time of the timed loop")
	flag.Parse()

	origins := make([]string, 16)
	for i := range origins {
		origins[i] = fmt.Sprintf("https://app%d.example.com", i)
	}
	handler := cors.New(cors.Options{
		AllowedOrigins:   origins,
		AllowedMethods:   []string{"GET", "HEAD", "POST", "PUT", "DELETE"},
		AllowedHeaders:   []string{"content-type", "x-api-key"},
		ExposedHeaders:   []string{"x-request-id"},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	req, err := http.NewRequest(http.MethodOptions, "https://api.example.com/v1/items/42", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	req.Header.Set("Origin", "https://app8.example.com")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-api-key")
	w := &reusedWriter{header: make(http.Header, 8)}

	// The answer must be the allowed preflight corsproof's row measures.
	handler.ServeHTTP(w, req)
	h := w.header
	if h.Get("Access-Control-Allow-Origin") != "https://app8.example.com" ||
		h.Get("Access-Control-Allow-Credentials") != "true" ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "PUT") ||
		!strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "x-api-key") ||
		h.Get("Access-Control-Max-Age") != "600" {
		fmt.Fprintf(os.Stderr, "rs/cors did not allow the preflight: %v\n", h)
		os.Exit(1)
	}

	testing.Init()
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	result := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			for k := range w.header {
				delete(w.header, k)
			}
			handler.ServeHTTP(w, req)
		}
	})
	out, _ := json.Marshal(map[string]any{
		"peer":          "rs/cors 1.7.0 (Go " + strings.TrimPrefix(runtime.Version(), "go") + ")",
		"ns_per_op":     float64(result.T.Nanoseconds()) / float64(result.N),
		"allocs_per_op": result.AllocsPerOp(),
		"iterations":    result.N,
	})
	fmt.Println(string(out))
}
