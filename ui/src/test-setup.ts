import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

// jsdom has no matchMedia; the theme code follows it. Tests that care replace it.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

afterEach(() => {
  document.documentElement.removeAttribute('data-theme');
});
