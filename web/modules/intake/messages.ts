/** Texts of the intake desk, the outbox and the customer portal (zh-CN first; en typed against it). */
export const intakeZh = {
  'nav.intake': '受理台',
} as const;

export const intakeEn: Record<keyof typeof intakeZh, string> = {
  'nav.intake': 'Intake desk',
};
