import { AnnotationError, SeminarError } from '../core/index.js';

/**
 * Runs a write to the shared model. The model's own refusals (a reply too long, an agenda item
 * already there) come back as their message for the person; anything else is a bug and is thrown.
 */
export function refusalOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof AnnotationError || error instanceof SeminarError) return error.message;
    throw error;
  }
}
