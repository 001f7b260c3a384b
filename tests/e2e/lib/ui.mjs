// Steps through the real UI that several specs and the demo share.

/** Settings → CRM: pastes `token`, connects, and waits until the account shows. */
export async function connectCrm(browser, token) {
  await browser.$('[data-testid="nav-settings"]').click();
  await browser.$('[data-testid="crm-card"][data-state="disconnected"]').waitForDisplayed({ timeout: 20_000 });
  await browser.$('[data-testid="crm-token"]').setValue(token);
  await browser.$('[data-testid="crm-connect"]').click();
  await browser.$('[data-testid="crm-card"][data-state="connected"]').waitForDisplayed({ timeout: 20_000 });
}
