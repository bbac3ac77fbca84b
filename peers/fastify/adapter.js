'use strict'
// corsproof peer: Fastify with @fastify/cors (docs/adapters.md).
// Usage: node peers/fastify/adapter.js POLICY.json
const peer = require('../node/peer')

const label = `fastify ${peer.version('fastify')} + @fastify/cors ${peer.version('@fastify/cors')}`
peer.versionFlag(label)
const policy = peer.loadPolicy()

if (policy.privateNetwork) {
  peer.notExpressible('allow_private_network', '@fastify/cors has no Private Network Access option')
}

const Fastify = peer.nodeRequire('fastify')
const fastifyCors = peer.nodeRequire('@fastify/cors')

const app = Fastify({ logger: false })
app.register(fastifyCors, {
  // An array of strings (compared with ===) and RegExp objects; '*' alone is
  // the library's "any origin".
  origin: policy.origins.any ? '*' : peer.originArray(policy),
  methods: policy.methods,
  // Always an array: null (the default) would reflect the requested headers.
  allowedHeaders: policy.headers,
  exposedHeaders: policy.expose.length > 0 ? policy.expose : null,
  credentials: policy.credentials,
  maxAge: policy.maxAge,
  optionsSuccessStatus: policy.preflightStatus,
  preflightContinue: false
})
// Every path, every method but OPTIONS (the plugin routes OPTIONS itself).
app.route({
  method: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'],
  url: '*',
  exposeHeadRoute: false,
  handler: (req, reply) => reply.code(200).type('text/plain').send('ok')
})

app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  peer.announce(app.server, label)
}, peer.fail)
