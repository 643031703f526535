import type { RawDataset } from "./raw.ts";
import { readCsvLayout } from "./readers/csv-layout.ts";
import { readDatLayout } from "./readers/dat-layout.ts";

export const DATASET_NAMES = ["ml-latest-small", "ml-1m", "ml-25m", "ml-32m"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface DatasetSpec {
  name: DatasetName;
  /** Files whose presence means the dataset is unpacked and usable. */
  requiredFiles: string[];
  read: (dir: string) => Promise<RawDataset>;
}

const CSV_FILES = ["movies.csv", "ratings.csv"];

export const DATASETS: Record<DatasetName, DatasetSpec> = {
  "ml-latest-small": { name: "ml-latest-small", requiredFiles: CSV_FILES, read: readCsvLayout },
  "ml-25m": { name: "ml-25m", requiredFiles: CSV_FILES, read: readCsvLayout },
  "ml-32m": { name: "ml-32m", requiredFiles: CSV_FILES, read: readCsvLayout },
  "ml-1m": { name: "ml-1m", requiredFiles: ["movies.dat", "ratings.dat"], read: readDatLayout },
};
