module corsproof.bench/peers/rs-cors

go 1.19

require github.com/rs/cors v1.7.0

// Debian's golang-github-rs-cors-dev (1.7.0): built offline, never downloaded.
replace github.com/rs/cors => /usr/share/gocode/src/github.com/rs/cors
