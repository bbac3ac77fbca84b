'use strict'
// corsproof peer: Hono's cors middleware on @hono/node-server (docs/adapters.md).
// Usage: node peers/hono/adapter.js POLICY.json
const peer = require('../node/peer')

const label = `hono ${peer.version('hono')} + @hono/node-server ${peer.version('@hono/node-server')}`
peer.versionFlag(label)
const policy = peer.loadPolicy()

if (policy.privateNetwork) {
  peer.notExpressible('allow_private_network', "hono's cors has no Private Network Access option")
}

const { Hono } = peer.nodeRequire('hono')
const { cors } = peer.nodeRequire('hono/cors')
const { serve } = peer.nodeRequire('@hono/node-server')

// '*', an array of exact origins (Array.includes), or a function returning
// the value for Access-Control-Allow-Origin (null to refuse) for wildcards
// and re: entries.
const o = policy.origins
let origin
if (o.any) {
  origin = '*'
} else if (o.wildcards.length === 0 && o.regexes.length === 0) {
  origin = o.null ? [...o.exact, 'null'] : [...o.exact]
} else {
  const allowed = peer.originPredicate(policy)
  origin = (requestOrigin) => allowed(requestOrigin) ? requestOrigin : null
}

// Checked last (docs/adapters.md, "Writing a new adapter").
if (policy.preflightStatus !== 204) {
  peer.notExpressible('preflight_status', "hono's cors always answers a preflight with 204")
}

const app = new Hono()
app.use('*', cors({
  origin,
  allowMethods: policy.methods,
  allowHeaders: policy.headers,
  exposeHeaders: policy.expose,
  credentials: policy.credentials,
  maxAge: policy.maxAge === null ? undefined : policy.maxAge
}))
app.all('*', (c) => c.text('ok', 200))

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  peer.announce(server, label)
})
server.on('error', peer.fail)
