'use strict'
// Shared by the four Node adapters (docs/adapters.md): reads the policy file,
// refuses what a library cannot express (exit 3) and malformed files (exit 2),
// turns origin entries into what the libraries take (strings, RegExp objects,
// a predicate), and runs the loopback server life cycle (port line, SIGTERM).
// No CORS decision is made here: the libraries make them.

const fs = require('fs')
const path = require('path')
const { createRequire } = require('module')

// The adapters live beside this folder (peers/express, ...); the one npm
// project is this folder, so they load their libraries through it.
const nodeRequire = createRequire(path.join(__dirname, 'package.json'))

const KEYS = ['allow_origins', 'allow_methods', 'allow_headers', 'expose_headers',
  'allow_credentials', 'max_age', 'allow_private_network', 'preflight_status']

// Fetch's "normalize a method": these six are upper-cased, nothing else.
const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']

function die (status, message) {
  process.stderr.write(String(message).replace(/\r?\n/g, ' ') + '\n')
  process.exit(status)
}

// Exit 3: the policy is valid but this library cannot express one field.
function notExpressible (field, why) {
  die(3, `not expressible: ${field}: ${why}`)
}

// Exit 1: the server could not start (the port could not be bound, ...).
function fail (err) {
  die(1, `cannot start: ${(err && err.stack) || err}`)
}

function malformed (why) {
  die(2, `malformed policy: ${why}`)
}

// The installed version of a dependency (read from its package.json: some
// packages do not export that file).
function version (pkg) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', pkg, 'package.json'), 'utf8')).version
}

function stringList (policy, key, dflt) {
  if (!(key in policy)) return dflt
  const v = policy[key]
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s.length > 0)) {
    malformed(`${key} must be an array of non-empty strings`)
  }
  return v
}

// scheme://*.suffix[:port] -> {scheme, suffix, port} or null.
function parseWildcard (entry) {
  const m = /^([a-z][a-z0-9+.-]*):\/\/\*\.([^:/*]+)(?::([0-9]+))?$/.exec(entry)
  return m ? { scheme: m[1], suffix: m[2], port: m[3] } : null
}

function escapeRegExp (s) {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

// A wildcard as a JavaScript RegExp: one or more labels of [a-z0-9_-]
// (docs/protocol-decisions.md, "Origins"), then the suffix and the port spelling.
function wildcardRegExp (w) {
  const port = w.port !== undefined ? escapeRegExp(':' + w.port) : ''
  return new RegExp(`^${escapeRegExp(w.scheme)}:\\/\\/(?:[a-z0-9_-]+\\.)+${escapeRegExp(w.suffix)}${port}$`)
}

const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
const CLASS_ESCAPES = 'dDwWsS'

// Whether an RE2 pattern means the same in JavaScript (no `u` flag) and in
// Python's `re` (with re.ASCII) on the strings the core ever matches against
// (well-formed origins: printable ASCII, no spaces). Returns null when it does,
// else why not. The accepted subset: printable ASCII literals; `\` + ASCII
// punctuation; \d \D \w \W \s \S; `.`; `^` and `$`; groups `(...)` and
// `(?:...)`; `|`; `*` `+` `?` and `{n}` `{n,}` `{n,m}`, each optionally
// followed by `?` (lazy); classes `[...]` / `[^...]` of literals, escapes and
// literal ranges, not starting with `]`, without `[` inside. Everything else
// (flags, named groups, look-around, back references, \b, \p, \Q..\E, \x, \z,
// POSIX classes, `{,n}`, a stray `{` or `}`, possessive `++`) is refused,
// because at least one engine reads it differently or not at all.
function reSubsetProblem (p) {
  let i = 0
  let depth = 0
  let canRepeat = false
  const n = p.length
  while (i < n) {
    const c = p[i]
    const code = c.charCodeAt(0)
    if (code < 0x21 || code > 0x7e) return `character U+${code.toString(16).padStart(4, '0')} (only printable ASCII is read the same way)`
    if (c === '\\') {
      const d = p[i + 1]
      if (d === undefined) return 'trailing backslash'
      if (!PUNCT.includes(d) && !CLASS_ESCAPES.includes(d)) return `escape \\${d}`
      i += 2
      canRepeat = true
    } else if (c === '[') {
      i += 1
      if (p[i] === '^') i += 1
      if (p[i] === ']') return '`]` first in a class (a literal in RE2, an empty class in JavaScript)'
      let items = 0
      let prevSingle = false
      for (;;) {
        if (i >= n) return 'unterminated class'
        const e = p[i]
        const ecode = e.charCodeAt(0)
        if (ecode < 0x21 || ecode > 0x7e) return `character U+${ecode.toString(16).padStart(4, '0')} in a class`
        if (e === ']') { i += 1; break }
        if (e === '[') return '`[` inside a class (POSIX classes in RE2)'
        if (e === '\\') {
          const d = p[i + 1]
          if (d === undefined) return 'trailing backslash'
          if (PUNCT.includes(d)) { prevSingle = true } else if (CLASS_ESCAPES.includes(d)) { prevSingle = false } else { return `escape \\${d} in a class` }
          i += 2
        } else if (e === '-' && items > 0 && p[i + 1] !== ']') {
          if (!prevSingle) return 'a range from a class escape'
          const f = p[i + 1]
          if (f === '\\') {
            const d = p[i + 2]
            if (d === undefined || !PUNCT.includes(d)) return 'a range to a class escape'
            i += 3
          } else {
            if (f === '[') return '`[` inside a class (POSIX classes in RE2)'
            i += 2
          }
          prevSingle = false
        } else {
          prevSingle = true
          i += 1
        }
        items += 1
      }
      canRepeat = true
    } else if (c === '(') {
      if (p[i + 1] === '?') {
        if (p[i + 2] !== ':') return 'group syntax `(?` other than `(?:`'
        i += 3
      } else {
        i += 1
      }
      depth += 1
      canRepeat = false
    } else if (c === ')') {
      if (depth === 0) return 'unbalanced `)`'
      depth -= 1
      i += 1
      canRepeat = true
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (!canRepeat) return `repetition \`${c}\` with nothing to repeat`
      if (c === '{') {
        const m = /^\{([0-9]+)(,([0-9]*))?\}/.exec(p.slice(i))
        if (!m) return 'a `{` that is not a counted repetition {n}, {n,} or {n,m}'
        if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000)) return 'a repetition count over 1000 (RE2 refuses it)'
        i += m[0].length
      } else {
        i += 1
      }
      if (p[i] === '?') i += 1
      if (p[i] === '*' || p[i] === '+' || p[i] === '?' || p[i] === '{') return 'a repeated repetition (possessive in Python, an error in RE2)'
      canRepeat = false
    } else if (c === '}') {
      return 'a stray `}`'
    } else if (c === '|') {
      i += 1
      canRepeat = false
    } else if (c === '^' || c === '$') {
      i += 1
      canRepeat = false
    } else {
      i += 1
      canRepeat = true
    }
  }
  if (depth !== 0) return 'unbalanced `(`'
  return null
}

// The policy file, checked for shape (exit 2) and normalized. The finer rules
// (canonical origins, RE2 compilation) are corsproof's: it only hands adapters
// policies it accepted.
function loadPolicy () {
  const file = process.argv[2]
  if (process.argv.length !== 3 || !file) die(2, 'usage: ADAPTER POLICY.json')
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    die(2, `cannot read ${file}: ${e.message}`)
  }
  let p
  try {
    p = JSON.parse(text)
  } catch (e) {
    malformed(`not JSON: ${e.message}`)
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) malformed('not a JSON object')
  for (const k of Object.keys(p)) if (!KEYS.includes(k)) malformed(`unknown key "${k}"`)
  if (!('allow_origins' in p)) malformed('allow_origins is required')
  const entries = stringList(p, 'allow_origins', [])
  if (entries.length === 0) malformed('allow_origins must not be empty')
  const methods = stringList(p, 'allow_methods', ['GET', 'HEAD', 'POST'])
    .map((m) => NORMALIZED_METHODS.includes(m.toUpperCase()) ? m.toUpperCase() : m)
  const headers = stringList(p, 'allow_headers', [])
  const expose = stringList(p, 'expose_headers', [])
  const bool = (k) => {
    if (!(k in p)) return false
    if (typeof p[k] !== 'boolean') malformed(`${k} must be true or false`)
    return p[k]
  }
  const credentials = bool('allow_credentials')
  const privateNetwork = bool('allow_private_network')
  let maxAge = null
  if ('max_age' in p) {
    if (!Number.isInteger(p.max_age) || p.max_age < 0 || p.max_age > 2147483647) malformed('max_age must be an integer 0..2147483647')
    maxAge = p.max_age
  }
  let preflightStatus = 204
  if ('preflight_status' in p) {
    if (p.preflight_status !== 200 && p.preflight_status !== 204) malformed('preflight_status must be 200 or 204')
    preflightStatus = p.preflight_status
  }

  const origins = { any: false, null: false, exact: [], wildcards: [], regexes: [] }
  for (const e of entries) {
    if (e === '*') {
      origins.any = true
    } else if (e === 'null') {
      origins.null = true
    } else if (e.startsWith('re:')) {
      origins.regexes.push(e.slice(3))
    } else if (e.includes('*')) {
      const w = parseWildcard(e)
      if (!w) malformed(`allow_origins entry "${e}" is not scheme://*.suffix[:port]`)
      origins.wildcards.push(w)
    } else {
      origins.exact.push(e)
    }
  }
  if (origins.any && entries.length !== 1) malformed('"*" must be the only allow_origins entry')
  if (origins.any && credentials) malformed('"*" origins with allow_credentials: true')
  return { origins, methods, headers, expose, credentials, maxAge, privateNetwork, preflightStatus }
}

// An re: entry's pattern as the JavaScript RegExp the adapters give the
// libraries: anchored at both ends, and never matching `null` (re: entries
// never match the opaque origin; only a "null" entry does).
function reEntryRegExp (r) {
  return new RegExp(`^(?!null$)(?:${r})$`)
}

// Each re: entry as a RegExp, or exit 3.
function regexEntries (policy) {
  return policy.origins.regexes.map((r) => {
    const why = reSubsetProblem(r)
    if (why) notExpressible('allow_origins', `re:${r}: not known to mean the same in RE2 and JavaScript: ${why}`)
    return reEntryRegExp(r)
  })
}

// The origin list in the form cors/@fastify/cors take natively: exact strings
// ("null" included: a string compared with ===) and RegExp objects.
function originArray (policy) {
  const o = policy.origins
  const list = [...o.exact]
  if (o.null) list.push('null')
  for (const w of o.wildcards) list.push(wildcardRegExp(w))
  return list.concat(regexEntries(policy))
}

// The policy's origin set as a predicate, for libraries whose only exact
// option is a function (@koa/cors, hono for wildcards and re:).
function originPredicate (policy) {
  const o = policy.origins
  const exact = new Set(o.exact)
  const res = o.wildcards.map(wildcardRegExp).concat(regexEntries(policy))
  return (origin) => {
    if (typeof origin !== 'string' || origin === '') return false
    if (o.any) return true
    if (origin === 'null') return o.null
    if (exact.has(origin)) return true
    return res.some((r) => r.test(origin))
  }
}

// Prints the port alone on the first line, serves until SIGTERM/SIGINT.
function announce (server, label) {
  const port = server.address().port
  process.stdout.write(`${port}\n`)
  process.stderr.write(`${label} listening on 127.0.0.1:${port}\n`)
  const stop = () => {
    server.close()
    if (server.closeAllConnections) server.closeAllConnections()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

function versionFlag (text) {
  if (process.argv[2] === '--version') {
    process.stdout.write(text + '\n')
    process.exit(0)
  }
}

module.exports = {
  nodeRequire, version, versionFlag, loadPolicy, notExpressible, fail, originArray, originPredicate,
  reSubsetProblem, reEntryRegExp, announce
}
