// The standalone browser bundle of simple-peer (UMD, no types of its own); RemotePeer states the
// surface it needs as SimplePeerConstructor.
declare module 'simple-peer/simplepeer.min.js' {
  const SimplePeer: unknown;
  export default SimplePeer;
}
