// Helpers for Google's Node clients in REST mode (google-gax's HTTP/1.1 fallback).

// What google-gax's fallback asks of its auth object: getClient() (or
// getRequestHeaders()) while creating a stub, and fetch() for every call.
// This one adds no credentials, records each request in `log` (so tests can
// check the paths the client used) and hands it to Node's fetch.
export function passThroughAuth(log) {
  return {
    universeDomain: 'googleapis.com',
    async getClient() {
      return this;
    },
    async getRequestHeaders() {
      return new Headers();
    },
    fetch(url, init) {
      log.push({ method: init.method, url: String(url) });
      return fetch(url, init);
    },
  };
}
