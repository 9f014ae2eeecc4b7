/** For tests: the message a check's first violation renders, to compare with Kubernetes' wording. */
import { renderMessage, type AnalysisOptions, type Check } from '../../core/check.js';
import { violationsOf } from '../check-tester.js';

export function verdictOf(check: Check, yaml: string, options: Partial<AnalysisOptions> = {}): string | undefined {
  const [first] = violationsOf(check, yaml, options);
  return first && renderMessage((check.messages as Record<string, string>)[first.messageId]!, first.data);
}
