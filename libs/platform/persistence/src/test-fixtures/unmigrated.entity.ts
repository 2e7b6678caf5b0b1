import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Fixture: maps `widgets` with a column that no migration creates. */
@Entity('widgets')
export class WidgetWithUnmigratedColumn {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text', name: 'not_in_any_migration', nullable: true })
  extra!: string | null;
}

/** Fixture: an entity whose table no migration creates. */
@Entity('gadgets')
export class Gadget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
}
