// Tables of the orders and notices feature (filled in by that feature).
// biome-ignore lint/suspicious/noEmptyInterface: grows with the orders feature
export interface OrderTables {}
