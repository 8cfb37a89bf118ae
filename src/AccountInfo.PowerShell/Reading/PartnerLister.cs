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
    /// (partner.listPartnersForUser) and a parent account's children (partner.list).
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
            ListPagesAsync(ks, "listPartnersForUser", "partnerFilter", onPage, cancellation);

        /// <summary>The children of <paramref name="parentId"/> that the session can list.</summary>
        public async Task<List<JObject>> ChildrenAsync(string ks, int parentId, CancellationToken cancellation)
        {
            var all = new List<JObject>();
            await ListPagesAsync(ks, "list", "filter", all.AddRange, cancellation).ConfigureAwait(false);
            return all.Where(p => KalturaJson.Int(p["partnerParentId"]) == parentId && KalturaJson.Int(p["id"]) != parentId).ToList();
        }

        // totalCount of listPartnersForUser is the size of the returned page, so page until a short one.
        private async Task ListPagesAsync(string ks, string action, string filterName, Action<List<JObject>> onPage, CancellationToken cancellation)
        {
            var seen = new HashSet<int>();
            for (int pageIndex = 1; pageIndex <= MaxPages; pageIndex++)
            {
                var parameters = new JObject
                {
                    [filterName] = new JObject { ["objectType"] = "KalturaPartnerFilter" },
                    ["pager"] = new JObject { ["objectType"] = "KalturaFilterPager", ["pageSize"] = PageSize, ["pageIndex"] = pageIndex },
                };
                JToken page = await _calls.CallAsync(new KalturaRequest("partner", action, parameters), ks, cancellation).ConfigureAwait(false);
                JArray objects = page?["objects"] as JArray ?? new JArray();
                var added = objects.OfType<JObject>().Where(partner => KalturaJson.Int(partner["id"]) is int id && seen.Add(id)).ToList();
                if (added.Count > 0) onPage(added);
                if (objects.Count < PageSize || added.Count == 0) break;
            }
        }
    }
}
