// Prints, one a line, the Debian packages holding the data sets the catalogue does not bundle
// (for scripts/setup-data.sh): the catalogue is the one place that names them.
import { DATA_KINDS, DATA_SETS, type DataSetEntry } from '@nn-lang/language/catalogue';

for (const kind of DATA_KINDS) {
    const entry: DataSetEntry = DATA_SETS[kind];
    if (entry.install) console.log(entry.install.debianPackage);
}
