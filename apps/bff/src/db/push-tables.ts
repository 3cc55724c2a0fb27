// Tables of the message-push feature (filled in by that feature).
// biome-ignore lint/suspicious/noEmptyInterface: grows with the message-push feature
export interface PushTables {}
