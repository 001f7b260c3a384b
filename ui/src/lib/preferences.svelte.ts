// The user's preferences as the whole UI sees them: loaded once from the Rust side, applied
// to the document (language, theme) and saved back on every change.
import { defaultPreferences, loadPreferences, savePreferences, type Preferences } from './backend';
import { followLocale } from './i18n/follow-locale';
import type { PlainMessageKey } from './i18n/interpolate';
import { followTheme } from './theme';

class PreferencesState {
  current = $state<Preferences>({ ...defaultPreferences });
  /** A problem the user should know about, as a message key; null when all is well. */
  problem = $state<PlainMessageKey | null>(null);
  /** False until the saved preferences are applied, so the UI never flashes the wrong language. */
  ready = $state(false);
  #stopFollowing: Array<() => void> = [];

  async load(): Promise<void> {
    const outcome = await loadPreferences();
    if (outcome.ok) {
      this.current = outcome.value;
    } else {
      console.error('settings not loaded', outcome.error);
      this.problem = 'notice.settingsNotLoaded';
    }
    this.apply();
    this.ready = true;
  }

  /** Applies at once, then saves; a failed save keeps the change for this session. */
  async update(change: Partial<Preferences>): Promise<void> {
    this.current = { ...this.current, ...change };
    this.apply();
    const outcome = await savePreferences(this.current);
    if (outcome.ok) {
      this.problem = null;
    } else {
      console.error('settings not saved', outcome.error);
      this.problem = 'notice.settingsNotSaved';
    }
  }

  dismissProblem(): void {
    this.problem = null;
  }

  private apply(): void {
    for (const stop of this.#stopFollowing) stop();
    this.#stopFollowing = [followLocale(this.current.locale), followTheme(this.current.theme)];
  }
}

export const preferences = new PreferencesState();
