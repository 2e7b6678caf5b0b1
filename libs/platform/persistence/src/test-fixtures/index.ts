// Fixtures of the persistence integration tests; excluded from the build.
import { AddWidgetColor1700000000001 } from './add-widget-color.migration.js';
import { CreateWidgets1700000000000 } from './create-widgets.migration.js';

export { AddWidgetColor1700000000001 } from './add-widget-color.migration.js';
export { Broken1700000000002 } from './broken.migration.js';
export { CreateWidgets1700000000000 } from './create-widgets.migration.js';
export { Gadget, WidgetWithUnmigratedColumn } from './unmigrated.entity.js';
export { Widget } from './widget.entity.js';

/** Both fixture migrations, deliberately out of order: TypeORM sorts them by timestamp. */
export const widgetMigrations = [AddWidgetColor1700000000001, CreateWidgets1700000000000];

/** Names of {@link widgetMigrations} in application order. */
export const widgetMigrationNames = ['CreateWidgets1700000000000', 'AddWidgetColor1700000000001'];
