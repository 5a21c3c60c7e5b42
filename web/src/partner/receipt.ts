// The receipt of a registration made on this device. A rejection closes the registrant's account
// (rejectPartner → closeAccountsOf), after which the API tells the registrant nothing of it: no
// account, no notification (PARTNER_REJECTED goes to the partner's audience, which they no longer
// are). So "a receipt here and no account" means the street office rejected it, or another
// administrator removed the registrant; the page says so, and where to ask.
export interface RegistrationReceipt {
  partnerId: string;
  streetCode: string;
  registeredAt: string;
}

const keyOf = (subject: string) => `grassroots.partner.registration.${subject}`;

export function saveReceipt(subject: string, receipt: RegistrationReceipt) {
  localStorage.setItem(keyOf(subject), JSON.stringify(receipt));
}

export function receiptOf(subject: string): RegistrationReceipt | null {
  try {
    const stored = localStorage.getItem(keyOf(subject));
    return stored ? (JSON.parse(stored) as RegistrationReceipt) : null;
  } catch {
    return null;
  }
}

export function forgetReceipt(subject: string) {
  localStorage.removeItem(keyOf(subject));
}
