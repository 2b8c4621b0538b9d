import { computed, ref, useTemplateRef } from 'vue'

/** Which report an import shows: a dry run's, the applied one's, or none yet. */
export type ImportReportKind = 'dry' | 'applied' | null

/**
 * The step of an import wizard: 0 choose a file, 1 check it (and dry-run), 2 read the dry
 * run's report (and apply), 3 applied. Pages with a fourth step title show it as done at 3.
 */
export function importStep(reportKind: ImportReportKind, chosen: boolean): number {
  return reportKind === 'applied' ? 3 : reportKind === 'dry' ? 2 : chosen ? 1 : 0
}

export interface ImportStepsOptions<P extends string> {
  /** Reads the chosen file; a problem ('tooLarge', …) when it cannot be taken. */
  choose: (file: File) => Promise<P | null>
  /** Tells the user why a file was not taken. */
  refuse: (problem: P) => void
  /** The chosen file's size in bytes, for the line under the drop zone. */
  size: () => number | undefined
}

/**
 * The first step of both import pages: the file taken (from ImportDropZone), or why not, and
 * its size for the line under the drop zone.
 */
export function useImportSteps<P extends string>(options: ImportStepsOptions<P>) {
  const sizeText = computed(() => {
    const bytes = options.size()
    return bytes === undefined ? '' : `${(bytes / 1024).toFixed(1)} KB`
  })

  async function take(raw: File | undefined | null): Promise<void> {
    if (!raw) return
    const problem = await options.choose(raw)
    if (problem) options.refuse(problem)
  }

  return { sizeText, take }
}

/**
 * A drop zone that also opens the file picker (the template's `ref="fileInput"`): one file
 * from a drop or the picker goes to `take`; `dragging` while a file is held over it.
 */
export function useFileDrop(take: (file: File) => unknown) {
  const input = useTemplateRef<HTMLInputElement>('fileInput')
  const dragging = ref(false)

  function onPick(event: Event): void {
    const target = event.target as HTMLInputElement
    const file = target.files?.[0]
    if (file) take(file)
    target.value = '' // choosing the same file again still fires
  }

  function onDrop(event: DragEvent): void {
    dragging.value = false
    const file = event.dataTransfer?.files?.[0]
    if (file) take(file)
  }

  return { input, dragging, onPick, onDrop }
}
