/** One cell of a split test: its share of the audience and the objects it runs. */
export interface AdStudyCellRecord {
  id: string;
  name: string;
  treatmentPercentage: number;
  adsets: string[];
  campaigns: string[];
}

/** A Meta ad study (`type=SPLIT_TEST`), made at `/{business_id}/ad_studies`. */
export interface AdStudyRecord {
  id: string;
  businessId: string;
  name: string;
  type: string;
  description?: string;
  /** Unix seconds, as Meta takes them. */
  startSeconds: number;
  endSeconds: number;
  createdSeconds: number;
  updatedSeconds: number;
  cells: AdStudyCellRecord[];
  objectives?: unknown[];
}

/** What a test reads of a study (`MetaSimulator.adStudies`): the times as ISO-8601 too. */
export interface SimulatedAdStudy {
  id: string;
  businessId: string;
  name: string;
  type: string;
  startTime: string;
  endTime: string;
  startSeconds: number;
  endSeconds: number;
  cells: AdStudyCellRecord[];
  objectives?: unknown[];
}

/** Every ad study of the world, in creation order. */
export class AdStudyStore {
  readonly studies = new Map<string, AdStudyRecord>();

  add(study: AdStudyRecord): void {
    this.studies.set(study.id, study);
  }

  get(id: string): AdStudyRecord | undefined {
    return this.studies.get(id);
  }

  /** Copies for a test, optionally of one business only. */
  view(businessId?: string): SimulatedAdStudy[] {
    return [...this.studies.values()]
      .filter((study) => businessId === undefined || study.businessId === businessId)
      .map((study) => ({
        id: study.id,
        businessId: study.businessId,
        name: study.name,
        type: study.type,
        startTime: new Date(study.startSeconds * 1000).toISOString(),
        endTime: new Date(study.endSeconds * 1000).toISOString(),
        startSeconds: study.startSeconds,
        endSeconds: study.endSeconds,
        cells: structuredClone(study.cells),
        ...(study.objectives ? { objectives: structuredClone(study.objectives) } : {}),
      }));
  }
}
