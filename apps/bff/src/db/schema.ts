// The database's tables as Kysely sees them. Each feature adds its tables in its own interface file
// and lists it here.

import type { CoreTables } from './core-tables.js';
import type { OrderTables } from './order-tables.js';
import type { PushTables } from './push-tables.js';

export interface Database extends CoreTables, OrderTables, PushTables {}
