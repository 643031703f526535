import type { RawDataset, ReadProgress } from "./raw.ts";
import { CSV_LAYOUT_FILES, readCsvLayout } from "./readers/csv-layout.ts";
import { DAT_LAYOUT_FILES, readDatLayout } from "./readers/dat-layout.ts";

export const DATASET_NAMES = ["ml-latest-small", "ml-1m", "ml-25m", "ml-32m"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface DatasetSpec {
  name: DatasetName;
  /** Files whose presence means the dataset is unpacked and usable. */
  requiredFiles: string[];
  /** Every file the reader may read: what the gold cache's fingerprint covers. */
  sourceFiles: string[];
  read: (dir: string, onProgress?: ReadProgress) => Promise<RawDataset>;
}

const csvLayout = {
  requiredFiles: ["movies.csv", "ratings.csv"],
  sourceFiles: CSV_LAYOUT_FILES,
  read: readCsvLayout,
};
const datLayout = { requiredFiles: DAT_LAYOUT_FILES, sourceFiles: DAT_LAYOUT_FILES, read: readDatLayout };

export const DATASETS: Record<DatasetName, DatasetSpec> = {
  "ml-latest-small": { name: "ml-latest-small", ...csvLayout },
  "ml-25m": { name: "ml-25m", ...csvLayout },
  "ml-32m": { name: "ml-32m", ...csvLayout },
  "ml-1m": { name: "ml-1m", ...datLayout },
};
