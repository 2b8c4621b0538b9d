import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { importStep, useFileDrop, useImportSteps } from './useImportSteps'

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
  it('takes a file and shows its size', async () => {
    const { steps, choose, refuse } = setup(null)
    await steps.take(csv)
    expect(choose).toHaveBeenCalledWith(csv)
    expect(refuse).not.toHaveBeenCalled()
    expect(steps.sizeText.value).toBe(`${(csv.size / 1024).toFixed(1)} KB`)
  })

  it('says why a file was not taken, and shows no size', async () => {
    const { steps, refuse } = setup('tooLarge')
    await steps.take(csv)
    expect(refuse).toHaveBeenCalledWith('tooLarge')
    expect(steps.sizeText.value).toBe('')
  })

  it('does nothing without a file', async () => {
    const { steps, choose } = setup(null)
    await steps.take(undefined)
    expect(choose).not.toHaveBeenCalled()
  })
})

describe('useFileDrop', () => {
  function drop() {
    // useTemplateRef outside a component: Vue warns and hands back a plain ref, enough here.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const take = vi.fn()
    return { zone: useFileDrop(take), take }
  }

  it('takes a dropped file and ends the drag look', () => {
    const { zone, take } = drop()
    zone.dragging.value = true
    zone.onDrop({ dataTransfer: { files: [csv] } } as unknown as DragEvent)
    expect(take).toHaveBeenCalledWith(csv)
    expect(zone.dragging.value).toBe(false)
  })

  it('takes a picked file and empties the picker, so that the same file can be chosen again', () => {
    const { zone, take } = drop()
    const target = { files: [csv], value: 'C:\\fakepath\\people.csv' }
    zone.onPick({ target } as unknown as Event)
    expect(take).toHaveBeenCalledWith(csv)
    expect(target.value).toBe('')
  })

  it('does nothing when the picker was closed without a file', () => {
    const { zone, take } = drop()
    zone.onPick({ target: { files: [], value: '' } } as unknown as Event)
    zone.onDrop({ dataTransfer: { files: [] } } as unknown as DragEvent)
    expect(take).not.toHaveBeenCalled()
  })
})
