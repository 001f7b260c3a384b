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
  };

  let nextCallback = 1;
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
