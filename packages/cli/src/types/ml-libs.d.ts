// Type declarations for the untyped baseline libraries (only what vb-cli uses).
declare module 'ml-knn' {
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number });
    predict(x: number[][]): number[];
  }
}
