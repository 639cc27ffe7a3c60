/** An ordered set of ids with O(1) position lookup: edges page through it by cursor. */
export class IdList {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();

  /** Appends the id unless present; true when added. */
  add(id: string): boolean {
    if (this.positions.has(id)) return false;
    this.positions.set(id, this.ids.length);
    this.ids.push(id);
    return true;
  }

  /** Removes the id; later ids move up one place. True when it was there. */
  delete(id: string): boolean {
    const index = this.positions.get(id);
    if (index === undefined) return false;
    this.ids.splice(index, 1);
    this.positions.delete(id);
    for (let i = index; i < this.ids.length; i++) this.positions.set(this.ids[i] as string, i);
    return true;
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  /** Position of the id, or -1. */
  indexOf(id: string): number {
    return this.positions.get(id) ?? -1;
  }

  get length(): number {
    return this.ids.length;
  }

  slice(start: number, end: number): string[] {
    return this.ids.slice(start, end);
  }

  values(): readonly string[] {
    return this.ids;
  }
}
