'use strict'
// corsproof peer: Koa with @koa/cors (docs/adapters.md).
// Usage: node peers/koa/adapter.js POLICY.json
const peer = require('../node/peer')

const label = `koa ${peer.version('koa')} + @koa/cors ${peer.version('@koa/cors')}`
peer.versionFlag(label)
const policy = peer.loadPolicy()

const Koa = peer.nodeRequire('koa')
const cors = peer.nodeRequire('@koa/cors')

// @koa/cors takes one origin string or a function of the context; a list is
// only expressible as a function, which returns the value for
// Access-Control-Allow-Origin (the request's Origin) or '' to refuse.
let origin
if (policy.origins.any) {
  origin = '*'
} else {
  const allowed = peer.originPredicate(policy)
  origin = (ctx) => {
    const o = ctx.get('Origin')
    return allowed(o) ? o : ''
  }
}

// Checked last (docs/adapters.md, "Writing a new adapter").
if (policy.preflightStatus !== 204) {
  peer.notExpressible('preflight_status', '@koa/cors always answers an accepted preflight with 204')
}

const app = new Koa()
app.on('error', (err) => process.stderr.write(`koa: ${err.stack || err}\n`))
app.use(cors({
  origin,
  allowMethods: policy.methods,
  allowHeaders: policy.headers,
  exposeHeaders: policy.expose,
  credentials: policy.credentials,
  // A string: the library drops a falsy maxAge, so the number 0 would be lost.
  maxAge: policy.maxAge === null ? undefined : String(policy.maxAge),
  privateNetworkAccess: policy.privateNetwork
}))
app.use((ctx) => {
  ctx.status = 200
  ctx.type = 'text/plain'
  ctx.body = 'ok'
})

const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) peer.fail(err)
  peer.announce(server, label)
})
server.on('error', peer.fail)
