// Header bytes. The oracle protocol says header bytes are the UTF-8
// encoding of the JSON strings; HTTP and fetch()'s ByteString header values
// carry bytes as one code unit per byte (isomorphic, Latin-1). So a case's
// string goes to Chromium and onto the wire as its UTF-8 bytes, each byte one
// code unit: "é" (U+00E9) becomes "\u00c3\u00a9".

/** The case's JSON string as the byte string fetch() and HTTP carry. */
export function toByteString(s) {
  return Buffer.from(String(s), 'utf8').toString('latin1');
}

/** Bytes read off the wire (Latin-1) back to a JSON string when they are valid UTF-8. */
export function fromByteString(s) {
  const b = Buffer.from(s, 'latin1');
  const u = b.toString('utf8');
  return Buffer.from(u, 'utf8').equals(b) ? u : s;
}
