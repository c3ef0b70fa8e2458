// What other modules may use of the intake module (the work-order module turns requests into orders).
export { logUrgingContact } from './commands/contacts.js';
export { markRequestConverted, type ServiceRequestRow } from './commands/requests.js';
export type { ServiceRequest } from './contract.js';
export { getServiceRequest, listNewServiceRequests } from './queries.js';
export { declaredTypeFits, sniffImage } from './rules.js';
export { attachmentListColumns, attachments, contacts, otpCodes, serviceRequests } from './tables.js';
export { readPhotoForm, removeUploads, sendUpload, storeUpload, type UploadedPhoto } from './uploads.js';
// The customer's tracking page reads the order a request became; the work-order module provides it.
export { provideTrackedOrder, type TrackedOrderOf } from './order-port.js';
// A received mail naming an order in its subject shows on that order (docs/mail-in.md); the work-order module provides it.
export { type MailOrder, type OrderMail, type OrderMailReceived, provideOrderMail } from './order-port.js';
export type { TrackedOrder } from './rules.js';
// The mail listener (docs/mail-in.md), started next to the other loops in server/main.ts.
export { type MailListener, type MailListenerOptions, startMailListener } from './mail-in/listener.js';
export { type ReceiveOptions, type ReceiveResult, receiveMail } from './mail-in/receive.js';
