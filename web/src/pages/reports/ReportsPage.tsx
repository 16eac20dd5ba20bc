// /reports: does every product get recommendations (coverage against the goal), and do the
// recommendations obey the brand (guideline violations)? Both read the live snapshot.
import { useState } from 'react';
import { PageHeader } from '../../ui/bits';
import { CoverageSection } from './CoverageSection';
import { ViolationsSection } from './ViolationsSection';
import './reports.css';

export function ReportsPage() {
  // The violations list is below the coverage: /reports#violations scrolls to it once the
  // coverage above has taken its height.
  const [coverageDrawn, setCoverageDrawn] = useState(false);
  return (
    <section>
      <PageHeader title="Reports" />
      <CoverageSection
        onDrawn={() => {
          setCoverageDrawn(true);
        }}
      />
      <ViolationsSection above={coverageDrawn} />
    </section>
  );
}
