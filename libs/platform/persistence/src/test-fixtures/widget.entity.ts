import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Fixture: maps `widgets` exactly as the fixture migrations create it. */
@Entity('widgets')
export class Widget {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text' })
  sku!: string;

  @Column({ type: 'text', nullable: true })
  color!: string | null;
}
