// RudderStack's JavaScript SDK v3 (the bundled build, so no plugin comes from a CDN), pointed
// at Touchline by its data plane URL and configUrl: ingest serves the source config it loads at
// start-up. ?mode=beacon sends through the Beacon queue, which flushes when the page unloads.
import { RudderAnalytics } from '@rudderstack/analytics-js/bundled';
import { report, params } from './page';

const { ingest, writeKey, user, account, mode } = params();
const onAccount = { context: { groupId: account } };
const beacon = mode === 'beacon';

report(
  () =>
    new Promise((resolve) => {
      const rudder = new RudderAnalytics();
      rudder.load(writeKey, ingest, {
        configUrl: ingest,
        polyfillIfRequired: false,
        useBeacon: beacon,
        beaconQueueOptions: { flushQueueInterval: 600000, maxItems: 100 },
        onLoaded: () =>
          rudder.identify(user, { email: `${user}@example.test` }, onAccount, () =>
            rudder.group(account, { name: 'Browser Co' }, onAccount, () =>
              rudder.track('Report Exported', { format: 'csv' }, onAccount, () => resolve()),
            ),
          ),
      });
    }),
);
