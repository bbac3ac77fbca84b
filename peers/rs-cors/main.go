// corsproof peer: Go net/http with github.com/rs/cors (docs/adapters.md).
//
// Usage: rs-cors-peer POLICY.json
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/rs/cors"
)

// The Debian package's version; peers/install.sh checks it before building.
const rsCorsVersion = "1.7.0"

type policyFile struct {
	AllowOrigins        *[]string `json:"allow_origins"`
	AllowMethods        *[]string `json:"allow_methods"`
	AllowHeaders        *[]string `json:"allow_headers"`
	ExposeHeaders       *[]string `json:"expose_headers"`
	AllowCredentials    *bool     `json:"allow_credentials"`
	MaxAge              *int64    `json:"max_age"`
	AllowPrivateNetwork *bool     `json:"allow_private_network"`
	PreflightStatus     *int      `json:"preflight_status"`
}

func die(status int, format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(status)
}

// Exit 3: the policy is valid but rs/cors cannot express one field.
func notExpressible(field, why string) {
	die(3, "not expressible: %s: %s", field, why)
}

func malformed(format string, args ...interface{}) {
	die(2, "malformed policy: "+format, args...)
}

func list(v *[]string, key string, dflt []string) []string {
	if v == nil {
		return dflt
	}
	for _, s := range *v {
		if s == "" {
			malformed("%s must be an array of non-empty strings", key)
		}
	}
	return *v
}

var wildcardEntry = regexp.MustCompile(`^([a-z][a-z0-9+.-]*)://\*\.([^:/*]+)(?::([0-9]+))?$`)

func main() {
	label := "go " + strings.TrimPrefix(runtime.Version(), "go") + " net/http + rs/cors " + rsCorsVersion
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Println(label)
		return
	}
	if len(os.Args) != 2 {
		die(2, "usage: rs-cors-peer POLICY.json")
	}
	text, err := os.ReadFile(os.Args[1])
	if err != nil {
		die(2, "cannot read %s: %v", os.Args[1], err)
	}
	var p policyFile
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		malformed("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		malformed("data after the policy object")
	}
	if p.AllowOrigins == nil {
		malformed("allow_origins is required")
	}
	entries := list(p.AllowOrigins, "allow_origins", nil)
	if len(entries) == 0 {
		malformed("allow_origins must not be empty")
	}
	methods := list(p.AllowMethods, "allow_methods", []string{"GET", "HEAD", "POST"})
	for i, m := range methods {
		// Fetch's "normalize a method": only these six are upper-cased.
		switch u := strings.ToUpper(m); u {
		case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
			methods[i] = u
		}
	}
	headers := list(p.AllowHeaders, "allow_headers", []string{})
	expose := list(p.ExposeHeaders, "expose_headers", []string{})
	credentials := p.AllowCredentials != nil && *p.AllowCredentials
	if p.MaxAge != nil && (*p.MaxAge < 0 || *p.MaxAge > 2147483647) {
		malformed("max_age must be an integer 0..2147483647")
	}
	status := 204
	if p.PreflightStatus != nil {
		if *p.PreflightStatus != 200 && *p.PreflightStatus != 204 {
			malformed("preflight_status must be 200 or 204")
		}
		status = *p.PreflightStatus
	}

	any, allowNull := false, false
	exact := map[string]bool{}
	var patterns []*regexp.Regexp
	for _, e := range entries {
		switch {
		case e == "*":
			any = true
		case e == "null":
			allowNull = true
		case strings.HasPrefix(e, "re:"):
			// Go's regexp package implements RE2's syntax (without \C).
			re, err := regexp.Compile(`^(?:` + e[3:] + `)$`)
			if err != nil {
				notExpressible("allow_origins", fmt.Sprintf("%s: Go's regexp refuses it: %v", e, err))
			}
			patterns = append(patterns, re)
		case strings.Contains(e, "*"):
			m := wildcardEntry.FindStringSubmatch(e)
			if m == nil {
				malformed("allow_origins entry %q is not scheme://*.suffix[:port]", e)
			}
			port := ""
			if m[3] != "" {
				port = regexp.QuoteMeta(":" + m[3])
			}
			// One or more labels of [a-z0-9_-] (docs/protocol-decisions.md).
			patterns = append(patterns, regexp.MustCompile(`^`+regexp.QuoteMeta(m[1])+`://(?:[a-z0-9_-]+\.)+`+regexp.QuoteMeta(m[2])+port+`$`))
		default:
			exact[e] = true
		}
	}
	if any && len(entries) != 1 {
		malformed(`"*" must be the only allow_origins entry`)
	}
	if any && credentials {
		malformed(`"*" origins with allow_credentials: true`)
	}

	for _, m := range methods {
		if m == "*" {
			notExpressible("allow_methods", `rs/cors has no "any method": "*" would be a method named *`)
		}
	}
	if p.MaxAge != nil && *p.MaxAge == 0 {
		notExpressible("max_age", "rs/cors sends Access-Control-Max-Age only when MaxAge > 0; 0 means no header")
	}
	if p.AllowPrivateNetwork != nil && *p.AllowPrivateNetwork {
		notExpressible("allow_private_network", "rs/cors "+rsCorsVersion+" has no Private Network Access option")
	}
	if status != 200 {
		notExpressible("preflight_status", "rs/cors "+rsCorsVersion+" always answers an accepted preflight with 200")
	}

	opts := cors.Options{
		AllowedMethods:   methods,
		AllowedHeaders:   headers,
		ExposedHeaders:   expose,
		AllowCredentials: credentials,
	}
	if p.MaxAge != nil {
		opts.MaxAge = int(*p.MaxAge)
	}
	if any {
		opts.AllowedOrigins = []string{"*"}
	} else {
		// AllowedOrigins lower-cases both sides and its "*" matches any run of
		// bytes, so the exact rules go through AllowOriginFunc.
		opts.AllowOriginFunc = func(origin string) bool {
			if origin == "null" {
				return allowNull
			}
			if exact[origin] {
				return true
			}
			for _, re := range patterns {
				if re.MatchString(origin) {
					return true
				}
			}
			return false
		}
	}

	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("ok"))
	})
	srv := &http.Server{Handler: cors.New(opts).Handler(ok), ReadHeaderTimeout: 10 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		die(1, "cannot start: %v", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	fmt.Fprintf(os.Stdout, "%d\n", port) // os.Stdout is unbuffered
	fmt.Fprintf(os.Stderr, "%s listening on 127.0.0.1:%d\n", label, port)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	done := make(chan struct{})
	go func() {
		<-stop
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		close(done)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		die(1, "serve: %v", err)
	}
	<-done
}
