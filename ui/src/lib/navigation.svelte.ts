// Requests to show something in another view (a notification's "open briefing").

export const navigation = $state({
  /** The CRM meeting id whose briefing should open, until the briefing view takes it. */
  requestedCallId: null as string | null,
});
