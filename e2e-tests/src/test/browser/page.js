// What the test reads back: window.touchline.done once every call returned, and any error the
// page met on the way.
export function params() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}

export function report(run) {
  const state = { done: false, errors: [] };
  window.touchline = state;
  const fail = (error) => state.errors.push(String((error && error.stack) || error));
  window.addEventListener('error', (event) => fail(event.error || event.message));
  window.addEventListener('unhandledrejection', (event) => fail(event.reason));
  Promise.resolve()
    .then(run)
    .then(() => {
      state.done = true;
    }, fail);
}
