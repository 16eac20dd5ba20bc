// /reports: does every product get recommendations (coverage against the goal), and do the
// recommendations obey the brand (guideline violations)? Both read the live snapshot.
import { PageHeader } from '../../ui/bits';
import { CoverageSection } from './CoverageSection';
import { ViolationsSection } from './ViolationsSection';
import './reports.css';

export function ReportsPage() {
  return (
    <section>
      <PageHeader title="Reports" />
      <CoverageSection />
      <ViolationsSection />
    </section>
  );
}
