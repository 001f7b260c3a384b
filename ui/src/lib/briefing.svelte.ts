// The briefing view's state: the calendar and the open briefing, each shown from the cache
// at once and replaced by the CRM's answer when it arrives (stale-while-revalidate).
import type { BriefCompany, BriefError, Briefing, UpcomingCall, UpcomingCalls } from '../bindings';
import {
  briefingCached,
  briefingRefresh,
  onUpcomingCallsChanged,
  searchCustomers,
  upcomingCallsCached,
  upcomingCallsRefresh,
} from './backend';

/** What the panel is about: a call from the calendar, or a customer the user looked up. */
export type Subject = { companyId: string; invited: string[]; callId: string | null };

export class BriefingState {
  calendar = $state<UpcomingCalls | null>(null);
  calendarError = $state<BriefError | null>(null);
  subject = $state<Subject | null>(null);
  briefing = $state<Briefing | null>(null);
  briefingError = $state<BriefError | null>(null);
  loadingBriefing = $state(false);
  results = $state<BriefCompany[] | null>(null);
  searchError = $state<BriefError | null>(null);
  searching = $state(false);
  /** Bumped on every open, so a slow answer for an earlier subject is ignored. */
  #generation = 0;

  get notConnected(): boolean {
    return this.calendarError?.kind === 'notConnected';
  }

  /** Cached calendar first, then the CRM's; opens the next call if nothing is open. */
  async loadCalendar(): Promise<void> {
    const cached = await upcomingCallsCached();
    if (cached.ok && cached.value.fetchedAtMs > 0) this.showCalendar(cached.value);
    const fresh = await upcomingCallsRefresh();
    if (fresh.ok) {
      this.calendarError = null;
      this.showCalendar(fresh.value);
    } else {
      this.calendarError = fresh.error;
    }
  }

  /** Follows the shell's background calendar reads. */
  follow(): () => void {
    let stop = () => {};
    let stopped = false;
    onUpcomingCallsChanged((calls) => {
      this.calendarError = null;
      this.showCalendar(calls);
    }).then((unlisten) => (stopped ? unlisten() : (stop = unlisten)));
    return () => {
      stopped = true;
      stop();
    };
  }

  private showCalendar(calls: UpcomingCalls): void {
    this.calendar = calls;
    if (!this.subject) {
      const next = calls.calls.find((call) => call.companyId !== null);
      if (next) void this.openCall(next);
    }
  }

  openCall(call: UpcomingCall): Promise<void> {
    if (!call.companyId) return Promise.resolve();
    return this.open({ companyId: call.companyId, invited: call.contactIds, callId: call.id });
  }

  openCompany(company: BriefCompany): Promise<void> {
    this.results = null;
    return this.open({ companyId: company.id, invited: [], callId: null });
  }

  /** Shows the cached briefing at once (if any), then the CRM's; keeps the cached copy
   * on screen when the CRM fails, with the reason. */
  async open(subject: Subject): Promise<void> {
    const generation = ++this.#generation;
    this.subject = subject;
    this.briefingError = null;
    this.loadingBriefing = true;
    const cached = await briefingCached(subject.companyId, subject.invited);
    if (generation !== this.#generation) return;
    this.briefing = cached.ok ? cached.value : null;
    const fresh = await briefingRefresh(subject.companyId, subject.invited);
    if (generation !== this.#generation) return;
    this.loadingBriefing = false;
    if (fresh.ok) this.briefing = fresh.value;
    else this.briefingError = fresh.error;
  }

  async search(query: string): Promise<void> {
    if (!query.trim()) {
      this.results = null;
      return;
    }
    this.searching = true;
    const found = await searchCustomers(query);
    this.searching = false;
    this.results = found.ok ? found.value : [];
    this.searchError = found.ok ? null : found.error;
  }
}
