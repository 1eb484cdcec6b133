// Bottleneck's light build (no clustering), the one @octokit/plugin-throttling uses, has the
// same API as the full build whose types the package ships.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
