// analytics.js 2.0 as a web app ships it, pointed at Touchline by cdnURL alone: the settings
// document ingest serves names the API host. ?mode=batching turns on the batching delivery
// strategy with a long timeout, so the events leave only when the page unloads (keepalive).
import { AnalyticsBrowser } from '@segment/analytics-next';
import { report, params } from './page';

const { ingest, writeKey, user, account, mode } = params();
const onAccount = { context: { groupId: account } };
const batching = mode === 'batching';
const options = batching
  ? { integrations: { 'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 100, timeout: 600000 } } } } }
  : {};

report(async () => {
  const [analytics] = await AnalyticsBrowser.load({ writeKey, cdnURL: ingest }, options);
  await analytics.identify(user, { email: `${user}@example.test` }, onAccount);
  await analytics.group(account, { name: 'Browser Co' });
  await analytics.track('Report Exported', { format: 'csv' }, onAccount);
  // No groupId: the group call above placed the user in the account.
  if (!batching) await analytics.page('Dashboard');
});
