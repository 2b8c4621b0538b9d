import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { localizeError } from '@/api/errors'
import { listReports, REPORT_BOXES, signReport, type Report, type ReportBox } from '@/api/incidents'
import { usePagedList } from '@/composables/usePagedList'
import { t } from '@/locales'
import { useRealtimeTopic } from '@/realtime'
import { useSessionStore } from '@/stores/session'
import { concernsOrg, inboxOrder } from './reportLogic'

export function isBox(value: unknown): value is ReportBox {
  return typeof value === 'string' && (REPORT_BOXES as readonly string[]).includes(value)
}

/** Boxes counted by jurisdiction rather than by organisation: any report event may change them. */
const JURISDICTION_BOXES: readonly ReportBox[] = ['overdue', 'due_soon']

/**
 * 信息报送: the report boxes as tabs with counts, the chosen box in the URL (`?box=inbox`),
 * live from the "reports" topic, and 签收 straight from the inbox.
 */
export function useReportBox() {
  const route = useRoute()
  const router = useRouter()
  const session = useSessionStore()
  const orgId = computed(() => session.user?.org?.id ?? null)

  const filters = reactive<{ box: ReportBox; region: string | null }>({
    box: isBox(route.query.box) ? route.query.box : 'drafts',
    region: session.region,
  })
  const list = usePagedList(
    (q: { box: ReportBox; region: string | null; limit: number; offset: number }) =>
      listReports({ box: q.box, region: q.region ?? undefined, limit: q.limit, offset: q.offset }, { silent: true }),
    filters,
    { pageSize: 20, debounceMs: 0 },
  )
  const rows = computed(() => (filters.box === 'inbox' ? inboxOrder(list.items.value, orgId.value) : list.items.value))

  const counts = ref<Partial<Record<ReportBox, number>>>({})
  let countGeneration = 0
  async function loadCounts(): Promise<void> {
    const mine = ++countGeneration
    const answers = await Promise.allSettled(
      REPORT_BOXES.map((box) => listReports({ box, region: filters.region ?? undefined, limit: 1, offset: 0 }, { silent: true })),
    )
    if (mine !== countGeneration) return
    const next: Partial<Record<ReportBox, number>> = {}
    answers.forEach((answer, i) => {
      if (answer.status === 'fulfilled') next[REPORT_BOXES[i]!] = answer.value.total
    })
    counts.value = next
  }
  void loadCounts()
  watch(
    () => filters.region,
    () => void loadCounts(),
  )

  watch(
    () => filters.box,
    (box) => {
      if (route.query.box !== box) void router.replace({ query: { ...route.query, box } })
    },
  )
  watch(
    () => route.query.box,
    (box) => {
      if (isBox(box) && box !== filters.box) filters.box = box
    },
  )

  let timer: ReturnType<typeof setTimeout> | null = null
  function refreshSoon(): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void list.reload()
      void loadCounts()
    }, 250)
  }
  useRealtimeTopic('reports', (event) => {
    if (concernsOrg(event.data, orgId.value) || JURISDICTION_BOXES.includes(filters.box)) refreshSoon()
  })
  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
  })

  const signing = ref<string | null>(null)
  async function sign(report: Report): Promise<void> {
    signing.value = report.id
    try {
      await signReport(report.id)
      ElMessage.success(t('reports.done.signed'))
      refreshSoon()
    } catch (error) {
      ElMessage.error(localizeError(error))
    } finally {
      signing.value = null
    }
  }

  return { filters, list, rows, counts, orgId, signing, sign, refresh: refreshSoon }
}
