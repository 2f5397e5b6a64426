/** Who is calling (auth/actor.ts loads it on every request): the types, apart so that the users repository can make one. */
import type { LabelName } from '../../scoring/types';

export type Role = 'admin' | 'benchmarker' | 'trainee' | 'cluster_manager';
export const ROLES: Role[] = ['admin', 'benchmarker', 'trainee', 'cluster_manager'];
/** a benchmarker's certification level: the label it may lead up to */
export type Certification = LabelName;

export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
  certification: Certification | null;
  country: string | null;
  clusterId: number | null;
  locale: 'en' | 'nb';
}
