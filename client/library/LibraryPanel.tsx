import { useContext, useMemo, useState } from 'preact/hooks';
import type { CslItem, LibrarySource, Person, Role } from '../../core/index.js';
import { referenceOrTitle } from '../../core/citations/index.js';
import { duplicateKey, readSources, type ReadSources } from '../../core/citations/read-sources.js';
import { api } from '../api.js';
import { CitationStyleContext } from '../citation-style.js';
import type { WorkspaceSource } from '../connection.js';
import { SourceFields, draftOf, itemOf, type SourceDraft } from './SourceFields.js';
import { searchLibrary, useLibrary } from './use-library.js';
import './library.css';
import { Sheet } from '../components/Dialog.js';

interface Props {
  source: WorkspaceSource;
  me: Person;
  role: Role;
  onClose: () => void;
  onMessage: (text: string) => void;
}

/** A file read and sorted against the library: what an import would add and what it would skip. */
interface ImportPlan {
  fileName: string;
  read: ReadSources;
  fresh: CslItem[];
  alreadyHere: CslItem[];
}


/**
 * The workspace's library of sources: search, import a reference manager's file (with a preview
 * of what is new and what is already here), add by DOI, correct any field, merge duplicates.
 */
export function LibraryPanel({ source, me, role, onClose, onMessage }: Props) {
  const sources = useLibrary(source);
  const style = useContext(CitationStyleContext);
  const library = source.workspace.library();
  const [query, setQuery] = useState('');
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [doi, setDoi] = useState('');
  const [lookingUp, setLookingUp] = useState(false);
  const [editing, setEditing] = useState<{ id: string | null; draft: SourceDraft } | null>(null);
  const canWrite = role !== 'viewer';
  const editor = role === 'owner' || role === 'editor';
  const mayChange = (s: LibrarySource) => editor || s.addedBy.id === me.id;

  const shown = searchLibrary(sources, query);
  const duplicates = useMemo(() => {
    const groups = new Map<string, LibrarySource[]>();
    for (const s of sources) groups.set(duplicateKey(s.item), [...(groups.get(duplicateKey(s.item)) ?? []), s]);
    return [...groups.values()].filter((g) => g.length > 1);
  }, [sources]);

  const readFile = async (file: File) => {
    setError(null);
    setPlan(null);
    try {
      const read = readSources(await file.text());
      const here = new Set(sources.map((s) => duplicateKey(s.item)));
      const fresh: CslItem[] = [];
      const alreadyHere: CslItem[] = [];
      for (const item of read.items) {
        const key = duplicateKey(item);
        if (here.has(key)) alreadyHere.push(item);
        // Duplicates inside one file are all added; the library lists them to merge after.
        else fresh.push(item);
      }
      setPlan({ fileName: file.name, read, fresh, alreadyHere });
    } catch (e) {
      setError(`${file.name}: ${(e as Error).message}`);
    }
  };

  const importPlan = () => {
    if (!plan) return;
    try {
      library.add(plan.fresh, me, 'local');
      onMessage(`Added ${plan.fresh.length} source${plan.fresh.length === 1 ? '' : 's'} from ${plan.fileName}.`);
      setPlan(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const lookUp = async () => {
    setError(null);
    setLookingUp(true);
    try {
      const { item } = await api<{ item: CslItem }>(`/api/workspaces/${encodeURIComponent(source.workspaceId)}/sources/lookup`, { method: 'POST', body: { identifier: doi } });
      setEditing({ id: null, draft: draftOf(item) });
      setDoi('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLookingUp(false);
    }
  };

  const saveEdit = (event: Event) => {
    event.preventDefault();
    if (!editing) return;
    try {
      const item = itemOf(editing.draft);
      if (editing.id) library.update(editing.id, item, me, 'local');
      else library.add([item], me, 'local');
      onMessage(editing.id ? `Saved “${item.title}”.` : `Added “${item.title}” to the library.`);
      setEditing(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Sheet
      title={
        <>
          Library <span class="muted">· {sources.length} source{sources.length === 1 ? '' : 's'}</span>
        </>
      }
      titleId="library-title"
      class="library-sheet"
      closeLabel="Close the library"
      onClose={onClose}
    >

        {canWrite && !editing && (
          <div class="library-add">
            <label class="field">
              <span class="field-label">Import a BibTeX, RIS or CSL-JSON file</span>
              <input type="file" accept=".bib,.bibtex,.ris,.json,.txt" onChange={(e) => {
                const file = (e.target as HTMLInputElement).files?.[0];
                if (file) void readFile(file);
                (e.target as HTMLInputElement).value = '';
              }} />
            </label>
            <form class="library-doi" onSubmit={(e) => {
              e.preventDefault();
              void lookUp();
            }}>
              <label class="field">
                <span class="field-label">Add by DOI</span>
                <input value={doi} placeholder="10.1086/680935" onInput={(e) => setDoi((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit" class="button" disabled={lookingUp || doi.trim() === ''}>
                {lookingUp ? 'Looking up…' : 'Look up'}
              </button>
              <button type="button" class="button" onClick={() => setEditing({ id: null, draft: draftOf({ type: 'report', title: '' }) })}>
                Add by hand
              </button>
            </form>
          </div>
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}

        {plan && (
          <section class="library-plan" aria-label="What the import would add">
            <p role="status">
              <strong>{plan.fileName}</strong>: {plan.read.items.length} read. {plan.fresh.length} new
              {plan.alreadyHere.length > 0 && <>, {plan.alreadyHere.length} already in the library (skipped)</>}
              {plan.read.skipped.length > 0 && <>, {plan.read.skipped.length} could not be read</>}.
            </p>
            {plan.read.skipped.length > 0 && (
              <ul class="library-skipped">
                {plan.read.skipped.map((s, i) => (
                  <li key={i}>
                    {s.title}: {s.reason}
                  </li>
                ))}
              </ul>
            )}
            <div class="composer-actions">
              <button type="button" class="button" onClick={() => setPlan(null)}>
                Cancel
              </button>
              <button type="button" class="button button-primary" disabled={plan.fresh.length === 0} onClick={importPlan}>
                {plan.fresh.length === 0 ? 'Nothing new to add' : `Add ${plan.fresh.length} source${plan.fresh.length === 1 ? '' : 's'}`}
              </button>
            </div>
          </section>
        )}

        {editing && (
          <form class="library-edit" onSubmit={saveEdit} aria-label={editing.id ? 'Correct a source' : 'A new source'}>
            <h3>{editing.id ? 'Correct the source' : 'A new source'}</h3>
            <SourceFields draft={editing.draft} idPrefix="library-edit" onChange={(draft) => setEditing({ ...editing, draft })} />
            <p class="library-preview">{editing.draft.csl.title.trim() ? referenceOrTitle(itemOf(editing.draft), style) : ''}</p>
            <div class="composer-actions">
              <button type="button" class="button" onClick={() => setEditing(null)}>
                Cancel
              </button>
              <button type="submit" class="button button-primary" disabled={!editing.draft.csl.title.trim()}>
                {editing.id ? 'Save' : 'Add to the library'}
              </button>
            </div>
          </form>
        )}

        {duplicates.length > 0 && editor && !editing && (
          <section class="library-duplicates" aria-labelledby="library-duplicates-title">
            <h3 id="library-duplicates-title">Possible duplicates</h3>
            {duplicates.map((group) => (
              <ul key={group[0]!.id} class="library-list">
                {group.map((s) => (
                  <li key={s.id}>
                    <p>{referenceOrTitle(s.item, style)}</p>
                    <button type="button" class="button" onClick={() => {
                      library.merge(s.id, group.filter((g) => g.id !== s.id).map((g) => g.id), me, 'local');
                      onMessage(`Merged into “${s.item.title}”: citations of the others read it now.`);
                    }}>
                      Keep this one, merge the others into it
                    </button>
                  </li>
                ))}
              </ul>
            ))}
          </section>
        )}

        {!editing && (
          <section aria-label="Sources">
            <label class="field library-search">
              <span class="field-label">Search the library</span>
              <input type="search" value={query} placeholder="Author, title, year…" onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
            </label>
            {shown.length === 0 ? (
              <p class="muted">{sources.length === 0 ? 'No sources yet. Import your reference manager’s export, or add one by DOI.' : 'No source matches.'}</p>
            ) : (
              <ul class="library-list">
                {shown.map((s) => (
                  <li key={s.id} data-source-id={s.id}>
                    <p>{referenceOrTitle(s.item, style)}</p>
                    {canWrite && mayChange(s) && (
                      <p class="library-actions">
                        <button type="button" class="button" onClick={() => setEditing({ id: s.id, draft: draftOf(s.item) })}>
                          Correct
                        </button>
                        <button type="button" class="button" onClick={() => {
                          library.remove(s.id, 'local');
                          onMessage(`Removed “${s.item.title}” from the library; citations keep their copy.`);
                        }}>
                          Remove
                        </button>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
    </Sheet>
  );
}
