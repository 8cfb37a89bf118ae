using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AccountInfo.Kaltura;
using Newtonsoft.Json.Linq;

namespace AccountInfo.Reading
{
    /// <summary>
    /// Lists partners a page of 500 at a time: the partners a login administers
    /// (partner.listPartnersForUser) and a parent account's children (partner.list). Each page is
    /// handed over as it arrives and kept no longer: listed partners carry their secrets.
    /// </summary>
    internal sealed class PartnerLister
    {
        public const int PageSize = 500;
        private const int MaxPages = 10000;

        private readonly KalturaCalls _calls;

        public PartnerLister(KalturaCalls calls)
        {
            _calls = calls;
        }

        /// <summary>The active partners the session's login administers, handed over page by page as they arrive.</summary>
        public Task ForUserAsync(string ks, Action<List<JObject>> onPage, CancellationToken cancellation) =>
            ListPagesAsync(request => _calls.CallAsync(request, ks, cancellation), "listPartnersForUser", "partnerFilter", onPage);

        /// <summary>The children of <paramref name="parentId"/> that the session can list, page by page.</summary>
        public Task ChildrenAsync(string ks, int parentId, Action<List<JObject>> onPage, CancellationToken cancellation) =>
            ChildrenAsync(request => _calls.CallAsync(request, ks, cancellation), parentId, onPage);

        /// <summary>The same, each page with a session signed here for it alone.</summary>
        public Task ChildrenAsync(LocalAdminSession session, int parentId, Action<List<JObject>> onPage, CancellationToken cancellation) =>
            ChildrenAsync(request => _calls.CallAsync(request, null, cancellation, secret: SecretParameter.Session(request, session)), parentId, onPage);

        private Task ChildrenAsync(Func<KalturaRequest, Task<JToken>> call, int parentId, Action<List<JObject>> onPage) =>
            ListPagesAsync(call, "list", "filter", page =>
            {
                List<JObject> children = page.Where(p => KalturaJson.Int(p["partnerParentId"]) == parentId && KalturaJson.Int(p["id"]) != parentId).ToList();
                if (children.Count > 0) onPage(children);
            });

        // totalCount of listPartnersForUser is the size of the returned page, so page until a short one.
        private static async Task ListPagesAsync(Func<KalturaRequest, Task<JToken>> call, string action, string filterName, Action<List<JObject>> onPage)
        {
            var seen = new HashSet<int>();
            for (int pageIndex = 1; pageIndex <= MaxPages; pageIndex++)
            {
                var parameters = new JObject
                {
                    [filterName] = new JObject { ["objectType"] = "KalturaPartnerFilter" },
                    ["pager"] = new JObject { ["objectType"] = "KalturaFilterPager", ["pageSize"] = PageSize, ["pageIndex"] = pageIndex },
                };
                // The page goes straight to HandOver: held in a local here, it would live on while the next page is asked for.
                if (HandOver(await call(new KalturaRequest("partner", action, parameters)).ConfigureAwait(false), seen, onPage)) break;
            }
        }

        /// <summary>Hands the page's new partners over; true when it was the last page.</summary>
        private static bool HandOver(JToken page, HashSet<int> seen, Action<List<JObject>> onPage)
        {
            JArray objects = page?["objects"] as JArray ?? new JArray();
            var added = objects.OfType<JObject>().Where(partner => KalturaJson.Int(partner["id"]) is int id && seen.Add(id)).ToList();
            if (added.Count > 0) onPage(added);
            return objects.Count < PageSize || added.Count == 0;
        }
    }
}
