// The Tauri IPC boundary, faked in the page: `@tauri-apps/api` calls
// window.__TAURI_INTERNALS__.invoke, and this answers like the Rust commands do.
// window.__IPC_SETUP__ = { settings, failing: { command: AppError } } seeds it;
// window.__IPC_CALLS__ records every call for assertions.
(() => {
  const setup = window.__IPC_SETUP__ ?? {};
  let settings = { locale: 'system', theme: 'system', ...(setup.settings ?? {}) };
  const calls = [];
  window.__IPC_CALLS__ = calls;

  const handlers = {
    app_info: () => ({ version: '0.1.0', dataDir: '/home/demo/.local/share/callbrief', logDir: '/home/demo/.local/share/callbrief/logs', platform: 'linux' }),
    get_settings: () => settings,
    update_settings: (args) => {
      settings = { ...args.settings };
      return settings;
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
      return structuredClone(handler(args));
    },
  };
})();
