import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { importStep, useImportSteps } from './useImportSteps'

function setup(problem: 'tooLarge' | null) {
  // useTemplateRef outside a component: Vue warns and hands back a plain ref, enough here.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  const size = ref<number | undefined>(undefined)
  const choose = vi.fn(async (file: File) => {
    if (!problem) size.value = file.size
    return problem
  })
  const refuse = vi.fn()
  const steps = useImportSteps({ choose, refuse, size: () => size.value })
  return { steps, choose, refuse }
}

const csv = new File(['a,b\n1,2\n'.repeat(300)], 'people.csv', { type: 'text/csv' })

describe('importStep', () => {
  it('goes from choosing a file to checking it, to reading the dry run, to applied', () => {
    expect(importStep(null, false)).toBe(0)
    expect(importStep(null, true)).toBe(1)
    expect(importStep('dry', true)).toBe(2)
    expect(importStep('applied', true)).toBe(3)
  })
})

describe('useImportSteps', () => {
  it('takes a dropped file, ends the drag look and shows its size', async () => {
    const { steps, choose, refuse } = setup(null)
    steps.dragging.value = true
    steps.onDrop({ dataTransfer: { files: [csv] } } as unknown as DragEvent)
    await vi.waitFor(() => expect(choose).toHaveBeenCalledWith(csv))
    expect(steps.dragging.value).toBe(false)
    expect(refuse).not.toHaveBeenCalled()
    expect(steps.sizeText.value).toBe(`${(csv.size / 1024).toFixed(1)} KB`)
  })

  it('takes a picked file and empties the picker, so that the same file can be chosen again', async () => {
    const { steps, choose } = setup(null)
    const target = { files: [csv], value: 'C:\\fakepath\\people.csv' }
    steps.onPick({ target } as unknown as Event)
    await vi.waitFor(() => expect(choose).toHaveBeenCalledWith(csv))
    expect(target.value).toBe('')
  })

  it('says why a file was not taken, and shows no size', async () => {
    const { steps, refuse } = setup('tooLarge')
    await steps.take(csv)
    expect(refuse).toHaveBeenCalledWith('tooLarge')
    expect(steps.sizeText.value).toBe('')
  })

  it('does nothing when the picker was closed without a file', async () => {
    const { steps, choose } = setup(null)
    steps.onPick({ target: { files: [], value: '' } } as unknown as Event)
    await steps.take(undefined)
    expect(choose).not.toHaveBeenCalled()
  })
})
