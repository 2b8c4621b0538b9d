import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { installAuthGuard } from '@/router/guard'
import { installTitle } from '@/router/meta'
import { useSessionStore } from '@/stores/session'
import { ADMIN_SECTIONS, firstSectionPath, type AdminSectionKey } from '@/views/admin/sections'
import { DUTY_SECTIONS, firstDutyPath } from '@/views/duty/sections'
import { firstMonitoringPath, MONITORING_SECTIONS, THEME_SECTIONS } from '@/views/monitoring/sections'
import ModuleTabs from '@/components/ModuleTabs.vue'
import AdminLayout from './layout/AdminLayout.vue'
import { homePathFor } from './homePath'
import { NAV_ITEMS } from './navigation'

/** One lazy chunk per administration page. */
const ADMIN_PAGES: Record<AdminSectionKey, () => Promise<unknown>> = {
  organisations: () => import('@/views/admin/organisations/OrganisationsView.vue'),
  users: () => import('@/views/admin/users/UsersView.vue'),
  roles: () => import('@/views/admin/roles/RolesView.vue'),
  sessions: () => import('@/views/admin/sessions/SessionsView.vue'),
  tokens: () => import('@/views/admin/tokens/TokensView.vue'),
  orgAdmins: () => import('@/views/admin/orgAdmins/OrgAdminsView.vue'),
  audit: () => import('@/views/admin/audit/AuditView.vue'),
  import: () => import('@/views/admin/import/ImportView.vue'),
}

/** The modules with one page each (分析研判, 指挥调度, 总结评估, 知识库), at /{name}, titled nav.{name}. */
const MODULE_PAGES = {
  analysis: () => import('@/views/analysis/AnalysisView.vue'),
  command: () => import('@/views/command/CommandView.vue'),
  review: () => import('@/views/review/ReviewView.vue'),
  knowledge: () => import('@/views/knowledge/KnowledgeView.vue'),
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { titleKey: 'nav.login', public: true, layout: 'blank' },
  },
  {
    // A report as printed: no menu or top bar.
    path: '/print/reports/:id',
    name: 'report-print',
    component: () => import('@/views/duty/reports/ReportPrintView.vue'),
    meta: { titleKey: 'reports.print.title', permission: 'incidents.read', layout: 'blank' },
  },
  {
    path: '/',
    component: AdminLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/HomeView.vue'),
        meta: { titleKey: 'nav.home', dark: true },
        // A role without incidents has its home in the module it works in.
        beforeEnter: () => homePathFor(useSessionStore().can) ?? true,
      },
      {
        path: 'duty',
        component: ModuleTabs,
        props: { base: '/duty', sections: DUTY_SECTIONS, labelKey: 'nav.duty', testId: 'duty-nav' },
        meta: { titleKey: 'nav.duty' },
        children: [
          {
            // /duty opens 信息接报 (or the first page the user may see).
            path: '',
            name: 'duty',
            component: { render: () => null },
            beforeEnter: () => firstDutyPath(useSessionStore().can),
          },
          // 信息接报 and 信息报送:
          {
            path: 'incidents',
            name: 'duty-incidents',
            component: () => import('@/views/duty/incidents/IncidentListView.vue'),
            meta: { titleKey: 'incidents.listTitle', parentTitleKey: 'nav.duty', permission: 'incidents.read' },
          },
          {
            path: 'incidents/new',
            name: 'duty-incident-new',
            component: () => import('@/views/duty/incidents/IncidentIntakeView.vue'),
            meta: { titleKey: 'incidents.form.title', parentTitleKey: 'nav.duty', permission: 'incidents.write' },
          },
          {
            path: 'incidents/:id',
            name: 'duty-incident',
            component: () => import('@/views/duty/incidents/IncidentDetailView.vue'),
            meta: { titleKey: 'incidents.detail.title', parentTitleKey: 'nav.duty', permission: 'incidents.read' },
          },
          {
            path: 'reports',
            name: 'duty-reports',
            component: () => import('@/views/duty/reports/ReportBoxView.vue'),
            meta: { titleKey: 'reports.boxTitle', parentTitleKey: 'nav.duty', permission: 'incidents.read' },
          },
          {
            path: 'reports/:id',
            name: 'duty-report',
            component: () => import('@/views/duty/reports/ReportView.vue'),
            meta: { titleKey: 'reports.title', parentTitleKey: 'nav.duty', permission: 'incidents.read' },
          },
          // 排班, 值班日志, 交接班, 电子传真:
          {
            path: 'roster',
            name: 'duty-roster',
            component: () => import('@/views/duty/roster/RosterView.vue'),
            meta: { titleKey: 'duty.nav.roster', parentTitleKey: 'nav.duty', permission: 'duty.read' },
          },
          {
            path: 'log',
            name: 'duty-log',
            component: () => import('@/views/duty/log/DutyLogView.vue'),
            meta: { titleKey: 'duty.nav.log', parentTitleKey: 'nav.duty', permission: 'duty.read' },
          },
          {
            path: 'handover',
            name: 'duty-handover',
            component: () => import('@/views/duty/handover/HandoverView.vue'),
            meta: { titleKey: 'duty.nav.handover', parentTitleKey: 'nav.duty', permission: 'duty.read' },
          },
          {
            path: 'fax',
            name: 'duty-fax',
            component: () => import('@/views/duty/fax/FaxView.vue'),
            meta: { titleKey: 'duty.nav.fax', parentTitleKey: 'nav.duty', permission: 'duty.read' },
          },
          {
            path: 'fax/:id',
            name: 'duty-fax-detail',
            component: () => import('@/views/duty/fax/FaxDetailView.vue'),
            meta: { titleKey: 'fax.detailTitle', parentTitleKey: 'nav.duty', permission: 'duty.read' },
          },
        ],
      },
      {
        path: 'resources',
        component: () => import('@/views/resources/ResourcesView.vue'),
        meta: { titleKey: 'nav.resources', permission: 'resources.read' },
        children: [
          { path: '', name: 'resources', redirect: { name: 'resources-map' } },
          {
            // The map works full screen in the dark wall-display theme (UI.md).
            path: 'map',
            name: 'resources-map',
            component: () => import('@/views/resources/map/ResourceMapView.vue'),
            meta: { titleKey: 'res.nav.map', parentTitleKey: 'nav.resources', permission: 'resources.read', dark: true },
          },
          {
            path: 'list/:kind?',
            name: 'resources-list',
            component: () => import('@/views/resources/list/ResourceListView.vue'),
            meta: { titleKey: 'res.nav.list', parentTitleKey: 'nav.resources', permission: 'resources.read' },
          },
          {
            path: 'import',
            name: 'resources-import',
            component: () => import('@/views/resources/import/ResourceImportView.vue'),
            meta: { titleKey: 'res.nav.import', parentTitleKey: 'nav.resources', permission: 'resources.write' },
          },
          {
            path: 'quality',
            name: 'resources-quality',
            component: () => import('@/views/resources/quality/ResourceQualityView.vue'),
            meta: { titleKey: 'res.nav.quality', parentTitleKey: 'nav.resources', permission: 'resources.read' },
          },
        ],
      },
      {
        path: 'monitoring',
        component: ModuleTabs,
        props: { base: '/monitoring', sections: MONITORING_SECTIONS, labelKey: 'nav.monitoring', testId: 'monitoring-nav' },
        meta: { titleKey: 'nav.monitoring' },
        children: [
          {
            // /monitoring opens 预警信息 (or the first page the user may see).
            path: '',
            name: 'monitoring',
            component: { render: () => null },
            beforeEnter: () => firstMonitoringPath(useSessionStore().can),
          },
          {
            path: 'alerts',
            name: 'monitoring-alerts',
            component: () => import('@/views/monitoring/alerts/AlertListView.vue'),
            meta: { titleKey: 'alerts.listTitle', parentTitleKey: 'nav.monitoring', permission: 'alerts.read' },
          },
          {
            path: 'alerts/:id',
            name: 'monitoring-alert',
            component: () => import('@/views/monitoring/alerts/AlertDetailView.vue'),
            meta: { titleKey: 'alerts.detailTitle', parentTitleKey: 'nav.monitoring', permission: 'alerts.read' },
          },
          {
            // 报警记录: every theme's alarms, open and closed.
            path: 'alarms',
            name: 'monitoring-alarms',
            component: () => import('@/views/monitoring/alarms/AlarmRecordsView.vue'),
            meta: { titleKey: 'alerts.nav.alarms', parentTitleKey: 'nav.monitoring', permission: 'monitoring.read' },
          },
          // The six themes (森林草原火灾 … 冶金工贸): one lazy view, parameterised by theme.
          ...THEME_SECTIONS.map<RouteRecordRaw>((section) => ({
            path: section.path,
            name: `monitoring-${section.key}`,
            component: () => import('@/views/monitoring/themes/ThemeView.vue'),
            props: { theme: section.key },
            meta: { titleKey: section.titleKey, parentTitleKey: 'nav.monitoring', permission: section.permission },
          })),
        ],
      },
      ...Object.entries(MODULE_PAGES).map<RouteRecordRaw>(([name, component]) => ({
        path: name,
        name,
        component,
        // The module's menu entry says what its page needs (a deep link checks it too).
        meta: { titleKey: `nav.${name}`, permission: NAV_ITEMS.find((item) => item.key === name)?.permission },
      })),
      {
        path: 'admin',
        component: ModuleTabs,
        props: { base: '/admin', sections: ADMIN_SECTIONS, labelKey: 'nav.admin', testId: 'admin-nav' },
        meta: { titleKey: 'nav.admin' },
        children: [
          {
            // /admin opens the first sub-page the user may see (known once the guard has loaded the session).
            path: '',
            name: 'admin',
            component: { render: () => null },
            beforeEnter: () => firstSectionPath(useSessionStore().can),
          },
          ...ADMIN_SECTIONS.map<RouteRecordRaw>((section) => ({
            path: section.path,
            name: `admin-${section.key}`,
            component: ADMIN_PAGES[section.key],
            meta: { titleKey: section.titleKey, parentTitleKey: 'nav.admin', permission: section.permission },
          })),
        ],
      },
      {
        path: '403',
        name: 'forbidden',
        component: () => import('@/views/errors/ErrorView.vue'),
        props: { kind: 'forbidden' },
        meta: { titleKey: 'errors.forbiddenTitle' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/ErrorView.vue'),
        props: { kind: 'notFound' },
        meta: { titleKey: 'nav.notFound' },
      },
    ],
  },
]

export function createDesktopRouter() {
  const router = createRouter({ history: createWebHistory('/'), routes })
  installAuthGuard(router)
  installTitle(router, 'app.name')
  return router
}
