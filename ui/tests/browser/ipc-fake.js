// The Tauri IPC boundary, faked in the page: `@tauri-apps/api` calls
// window.__TAURI_INTERNALS__.invoke, and this answers like the Rust commands do.
// window.__IPC_SETUP__ = { settings, failing: { command: AppError } } seeds it;
// window.__IPC_CALLS__ records every call for assertions.
(() => {
  const setup = window.__IPC_SETUP__ ?? {};
  let settings = { locale: 'system', theme: 'system', ...(setup.settings ?? {}) };
  // The CRM side: `crm.validToken` connects, anything else is rejected like HubSpot does.
  const crm = { validToken: 'pat-na1-valid', status: { state: 'disconnected' }, ...(setup.crm ?? {}) };
  const account = {
    crm: 'hubspot',
    accountId: '8675309',
    accountName: 'Seller Demo Portal',
    user: 'Li Wei <li.wei@seller.example>',
    connectedAtMs: Date.now(),
  };
  const calls = [];
  window.__IPC_CALLS__ = calls;

  const handlers = {
    app_info: () => ({ version: '0.1.0', dataDir: '/home/demo/.local/share/callbrief', logDir: '/home/demo/.local/share/callbrief/logs', platform: 'linux' }),
    get_settings: () => settings,
    update_settings: (args) => {
      settings = { ...args.settings };
      return settings;
    },
    crm_status: () => crm.status,
    crm_requirements: () => ({
      hubspotScopes: [
        { scope: 'crm.objects.contacts.read', purpose: 'find the people on your calls' },
        { scope: 'crm.objects.companies.read', purpose: 'show the customer in the briefing' },
      ],
    }),
    connect_hubspot: async ({ token }) => {
      // A live check takes a moment; the UI shows progress meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (token.trim() !== crm.validToken) {
        throw {
          kind: 'tokenRejected',
          message: 'Authentication credentials not found.',
          scopes: [],
          correlationId: '3f1c2a9e-5b7d-4e0f-9a61-2c8d7e4b1a90',
        };
      }
      crm.status = { state: 'connected', account };
      return account;
    },
    disconnect_crm: () => {
      crm.status = { state: 'disconnected' };
      return null;
    },
    upcoming_calls_cached: () => (connected() ? calendar('cached') : { calls: [], freshness: 'stale', fetchedAtMs: 0 }),
    upcoming_calls_refresh: () => {
      if (!connected()) throw { kind: 'notConnected' };
      return calendar('live');
    },
    briefing_cached: ({ companyId }) => (connected() && briefings[companyId] ? briefing(companyId, 'cached') : null),
    briefing_refresh: ({ companyId }) => {
      if (setup.offline) throw { kind: 'offline', message: 'connection refused' };
      return briefing(companyId, 'live');
    },
    set_side_panel: () => null,
    search_customers: ({ query }) =>
      Object.values(briefings)
        .map((b) => b.company)
        .filter((c) => c.name.toLowerCase().includes(query.trim().toLowerCase())),
    // @tauri-apps/api's event `listen`/`unlisten` go through the event plugin.
    'plugin:event|listen': () => nextCallback++,
    'plugin:event|unlisten': () => null,
  };

  const connected = () => crm.status.state !== 'disconnected';
  const inMinutes = (minutes) => new Date(Date.now() + minutes * 60_000).toISOString();
  const company = (id, name, domain, industry, employees) => ({ id, name, domain, industry, employees, phone: null, ownerId: 'u1' });
  const briefings = {
    c1: {
      company: company('c1', '上海星河机器人有限公司', 'xinghe-robotics.example', 'MACHINERY', 420),
      contacts: [
        { id: 'p1', name: '王芳', title: '首席技术官', email: 'wang.fang@xinghe-robotics.example', phone: null, inMeeting: true },
        { id: 'p2', name: '陈立', title: '采购经理', email: 'chen.li@xinghe-robotics.example', phone: null, inMeeting: true },
        { id: 'p3', name: '刘洋', title: '生产总监', email: 'liu.yang@xinghe-robotics.example', phone: null, inMeeting: false },
      ],
      deals: [
        { id: 'd1', name: '星河机器人 – 200 席位', stage: 'presentationscheduled', amount: 1200000, currency: 'CNY', closeDate: '2026-12-25', nextStep: '发送正式报价单' },
        { id: 'd2', name: '星河机器人 – 维保服务', stage: 'qualifiedtobuy', amount: 180000, currency: 'CNY', closeDate: '2027-02-08', nextStep: null },
      ],
      notes: [
        { id: 'n1', timestamp: '2026-11-20T07:00:00Z', text: '王总确认预算已批复，希望 12 月底前完成采购流程。' },
        { id: 'n2', timestamp: '2026-11-12T07:00:00Z', text: 'Demo went well; procurement asked for a 3-year price lock.' },
      ],
      tasks: [
        { id: 't1', subject: '发送正式报价单', due: '2026-11-27' },
        { id: 't2', subject: 'Book the on-site pilot', due: '2026-11-20' },
      ],
    },
    c5: {
      company: company('c5', 'Acme Robotics', 'acme-robotics.example', 'MACHINERY', 1200),
      contacts: [{ id: 'p9', name: 'Anna Chen', title: 'CTO', email: 'anna.chen@acme-robotics.example', phone: null, inMeeting: false }],
      deals: [],
      notes: [],
      tasks: [],
    },
  };
  const calendar = (freshness) => ({
    calls: [
      { id: 'm1', title: '星河机器人 – 报价评审', start: inMinutes(4), end: inMinutes(49), companyId: 'c1', companyName: '上海星河机器人有限公司', contactIds: ['p1', 'p2'], joinUrl: null },
      { id: 'm2', title: 'Acme quarterly review', start: inMinutes(180), end: inMinutes(210), companyId: 'c5', companyName: 'Acme Robotics', contactIds: [], joinUrl: null },
    ],
    freshness,
    fetchedAtMs: Date.now() - (freshness === 'live' ? 0 : 120_000),
  });
  const briefing = (id, freshness) => {
    const found = briefings[id];
    if (!found) throw { kind: 'notFound' };
    return { ...found, freshness, fetchedAtMs: Date.now() - (freshness === 'live' ? 0 : 600_000) };
  };

  let nextCallback = 1;
  // `unlisten` also tells the event plugin's page-side registry.
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
    transformCallback(callback) {
      const id = nextCallback++;
      window[`_${id}`] = callback;
      return id;
    },
    async invoke(command, args = {}) {
      calls.push({ command, args });
      const failure = setup.failing?.[command];
      if (failure) throw failure;
      const handler = handlers[command];
      if (!handler) throw { code: 'Internal', message: `no fake for command ${command}` };
      return structuredClone(await handler(args));
    },
  };
})();
