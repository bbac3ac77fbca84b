'use strict'
// corsproof peer: Express with the `cors` middleware (docs/adapters.md).
// Usage: node peers/express/adapter.js POLICY.json
const peer = require('../node/peer')

const label = `express ${peer.version('express')} + cors ${peer.version('cors')}`
peer.versionFlag(label)
const policy = peer.loadPolicy()

if (policy.privateNetwork) {
  peer.notExpressible('allow_private_network', 'cors has no Private Network Access option')
}

const express = peer.nodeRequire('express')
const cors = peer.nodeRequire('cors')

const app = express()
app.use(cors({
  // An array of strings (compared with ===) and RegExp objects; '*' alone is
  // the library's "any origin" (answers Access-Control-Allow-Origin: *).
  origin: policy.origins.any ? '*' : peer.originArray(policy),
  methods: policy.methods,
  // Always an array: an absent option would make cors reflect the requested
  // headers; an empty array sends no Access-Control-Allow-Headers.
  allowedHeaders: policy.headers,
  exposedHeaders: policy.expose,
  credentials: policy.credentials,
  maxAge: policy.maxAge === null ? undefined : policy.maxAge,
  optionsSuccessStatus: policy.preflightStatus,
  preflightContinue: false
}))
app.use((req, res) => {
  res.status(200).type('text/plain').send('ok')
})

const server = app.listen(0, '127.0.0.1', (err) => {
  if (err) peer.fail(err)
  peer.announce(server, label)
})
